package health

import "encoding/json"

// EvidenceBlockedOn is the evidence key of a finding whose connections are
// blocked somewhere this computer does not control; its value
// BlockedOnNetwork says the local firewall was read and lets WPS out, so
// the block is on the network (company, school, router). The window
// offers "Copy for IT" for such a finding, and `wpsdoctor it` prints it.
const (
	EvidenceBlockedOn = "blocked_on"
	BlockedOnNetwork  = "network"
)

// IsBlockedOnNetwork reports whether f says its connections are blocked
// on the network, outside this computer.
// The value may be a string (in the process that measured it) or raw JSON
// (a report rewritten for sharing).
func IsBlockedOnNetwork(f Finding) bool {
	switch v := f.Evidence[EvidenceBlockedOn].(type) {
	case string:
		return v == BlockedOnNetwork
	case json.RawMessage:
		var s string
		return json.Unmarshal(v, &s) == nil && s == BlockedOnNetwork
	}
	return false
}
