package agent

import (
	"fmt"
	"slices"
	"strings"

	"wpsdoctor/fixes"
	"wpsdoctor/report"
)

// PolicyState is the organisation's policy as the agent read it for one
// request: the file, what it says, and whether it could be read.
type PolicyState struct {
	Path   string
	Policy report.Policy
	// Err: the file exists but cannot be used; users are then served
	// nothing (an administrator still is).
	Err error
}

// decision is the agent's answer to one valid request before anything runs.
type decision struct {
	fixes   []string
	refused string // a Refused* code, "" when allowed
	why     string
}

// decide checks the peer and then the fixes the request's actions belong
// to, told from the actions themselves (fixes.RequestCategories), against
// the policy. An administrator may run every allowlisted action; anyone
// else only what the policy allows.
func decide(ps PolicyState, peer Peer, groups func(Peer) []string, req Request) decision {
	cats, err := fixes.RequestCategories(req.Steps)
	if err != nil {
		return decision{refused: RefusedInvalid, why: err.Error()}
	}
	d := decidePeer(ps, peer, groups)
	d.fixes = cats
	if peer.Admin || d.refused != "" {
		return d
	}
	for _, c := range cats {
		if !ps.Policy.Agent.Allowed(c) {
			d.refused, d.why = RefusedPolicy, policyWords(ps, c)
			return d
		}
	}
	return d
}

// decidePeer checks whether the peer may use the agent at all (for a run
// or a query): an administrator always may; a user not while the policy
// file is broken, nor when the policy denies the user or lists groups the
// user is in none of.
func decidePeer(ps PolicyState, peer Peer, groups func(Peer) []string) decision {
	var d decision
	if peer.Admin {
		return d
	}
	if ps.Err != nil {
		d.refused, d.why = RefusedPolicy, fmt.Sprintf("the organisation's policy file cannot be used (%v), so the service runs nothing for users until an administrator repairs it", ps.Err)
		return d
	}
	a := ps.Policy.Agent
	for _, n := range peer.Names() {
		if slices.Contains(a.DeniedUsers, n) {
			d.refused, d.why = RefusedPeer, fmt.Sprintf("the organisation's policy (%s) does not let %s use the WPS Sync Doctor service", ps.Path, peer.displayName())
			return d
		}
	}
	if len(a.AllowedGroups) > 0 && !slices.ContainsFunc(groups(peer), func(g string) bool { return slices.Contains(a.AllowedGroups, g) }) {
		d.refused, d.why = RefusedPeer, fmt.Sprintf("the organisation's policy (%s) lets only members of %s use the WPS Sync Doctor service", ps.Path, strings.Join(a.AllowedGroups, ", "))
	}
	return d
}

// policyWords is the refusal of fix by the policy, naming the file and
// whom to ask (the policy's own support contact, when it names one).
func policyWords(ps PolicyState, fix string) string {
	s := fmt.Sprintf("the organisation's policy (%s) does not let the WPS Sync Doctor service run %s for users who are not administrators", ps.Path, fix)
	if c := ps.Policy.Support; !c.Empty() {
		who := strings.Join(slices.DeleteFunc([]string{c.Name, c.Contact, c.URL}, func(s string) bool { return s == "" }), ", ")
		s += "; ask " + who
	} else {
		s += "; ask your administrator"
	}
	return s
}

// displayName is the peer's name, or its numeric ID.
func (p Peer) displayName() string {
	if p.Name != "" {
		return p.Name
	}
	return fmt.Sprintf("uid %d", p.UID)
}
