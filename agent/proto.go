package agent

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"wpsdoctor/fixes"
	"wpsdoctor/platform/firewall"
)

// Version is the protocol version; a message of another is refused.
const Version = 1

// MaxMessage bounds one message (request or response) in bytes.
const MaxMessage = 1 << 20

// Operations a request may ask for.
const (
	OpPing = "ping" // is the agent there? (nothing runs, nothing is journaled)
	OpRun  = "run"  // run privileged steps
	// OpInspect answers one read-only query of a fixed set (the Query* names) that
	// only the system may read: no argument but the query's name.
	OpInspect = "inspect"
)

// Queries an inspect request may name; anything else is refused.
const (
	// QueryFirewallRuleset is the firewall state as the firewall check and
	// the firewall.allow planner read it (firewall.Read), which on Linux
	// only root can see (nft and ufw list rules only as root).
	QueryFirewallRuleset = "firewall-ruleset"
)

// queries lists every query name the agent answers.
var queries = []string{QueryFirewallRuleset}

// MaxAnswer bounds the answer to one query in bytes (well under
// MaxMessage); a larger one is not sent.
const MaxAnswer = 256 << 10

// Request is one message to the agent: the privileged verb's step file
// with an operation.
type Request struct {
	Version int              `json:"version"`
	Op      string           `json:"op"`
	Entry   string           `json:"entry,omitempty"`
	Steps   [][]fixes.Action `json:"steps,omitempty"`
	// Query names what an inspect request asks (one of the Query* names).
	Query string `json:"query,omitempty"`
}

// Refusal codes: why a request was refused (nothing ran).
const (
	RefusedMalformed = "malformed"
	RefusedOversized = "oversized"
	RefusedVersion   = "version"
	RefusedInvalid   = "invalid" // an action no fix emits
	RefusedPeer      = "peer"    // this caller may not use the agent
	RefusedPolicy    = "policy"  // the policy does not allow this fix for users
	RefusedBusy      = "busy"
	RefusedInternal  = "internal" // serving this request panicked; the service goes on
	RefusedQuery     = "query"    // an inspect of a name the agent does not answer
)

// Response is the privileged verb's result file with why a request was
// refused.
type Response struct {
	fixes.PrivilegedResponse
	// Refused is one of the Refused* codes when nothing ran.
	Refused string `json:"refused,omitempty"`
	// Fixes are the categories the request's actions belong to.
	Fixes []string `json:"fixes,omitempty"`
	// Firewall answers the firewall-ruleset query.
	Firewall *firewall.State `json:"firewall,omitempty"`
}

// Framing errors.
var (
	ErrOversized = fmt.Errorf("message over the %d-byte limit", MaxMessage)
	ErrMalformed = errors.New("malformed message")
	ErrVersion   = errors.New("unsupported protocol version")
	ErrInvalid   = errors.New("request not allowed")
	ErrQuery     = errors.New("unknown query")
)

// WriteFrame writes v as one message: a 4-byte big-endian length, then JSON.
func WriteFrame(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if len(b) > MaxMessage {
		return ErrOversized
	}
	buf := make([]byte, 4, 4+len(b))
	binary.BigEndian.PutUint32(buf, uint32(len(b)))
	_, err = w.Write(append(buf, b...))
	return err
}

// ReadFrame reads one message's bytes. An announced length over
// MaxMessage is refused before anything of the body is read.
func ReadFrame(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("%w: no length prefix: %v", ErrMalformed, err)
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > MaxMessage {
		return nil, fmt.Errorf("%w (%d bytes announced)", ErrOversized, n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("%w: message shorter than announced: %v", ErrMalformed, err)
	}
	return b, nil
}

// strictJSON decodes exactly one JSON value with known fields only.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: data after the message", ErrMalformed)
	}
	return nil
}

// DecodeRequest parses and checks one request: strict JSON, this version,
// a known operation, and for run a journal entry name and steps that all
// pass the privileged verb's validator (fixes.ValidatePrivilegedRequest).
func DecodeRequest(b []byte) (Request, error) {
	var req Request
	if len(b) > MaxMessage {
		return Request{}, ErrOversized
	}
	if err := strictJSON(b, &req); err != nil {
		return Request{}, err
	}
	if req.Version != Version {
		return Request{}, fmt.Errorf("%w %d (this agent speaks %d)", ErrVersion, req.Version, Version)
	}
	switch req.Op {
	case OpPing:
		if req.Entry != "" || len(req.Steps) > 0 || req.Query != "" {
			return Request{}, fmt.Errorf("%w: a ping carries no steps", ErrMalformed)
		}
		return req, nil
	case OpInspect:
		if err := checkInspect(req); err != nil {
			return Request{}, err
		}
		return req, nil
	case OpRun:
		if req.Query != "" {
			return Request{}, fmt.Errorf("%w: a run carries no query", ErrMalformed)
		}
	default:
		return Request{}, fmt.Errorf("%w: unknown operation %q", ErrMalformed, req.Op)
	}
	if err := checkEntry(req.Entry); err != nil {
		return Request{}, err
	}
	if len(req.Steps) == 0 {
		return Request{}, fmt.Errorf("%w: no steps", ErrMalformed)
	}
	pr := fixes.PrivilegedRequest{Version: 1, Entry: req.Entry, Steps: req.Steps}
	if err := fixes.ValidatePrivilegedRequest(pr); err != nil {
		return Request{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return req, nil
}

// checkInspect accepts an inspect request: a known query name and nothing
// else.
func checkInspect(req Request) error {
	if req.Entry != "" || len(req.Steps) > 0 {
		return fmt.Errorf("%w: an inspect carries only a query name", ErrMalformed)
	}
	if !slices.Contains(queries, req.Query) {
		return fmt.Errorf("%w %.40q (this agent answers %s)", ErrQuery, req.Query, strings.Join(queries, ", "))
	}
	return nil
}

// checkEntry accepts a journal entry name: short, printable, no path.
func checkEntry(e string) error {
	if e == "" || len(e) > 128 || !utf8.ValidString(e) || strings.ContainsAny(e, `/\`) ||
		strings.ContainsFunc(e, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return fmt.Errorf("%w: bad journal entry name %.40q", ErrMalformed, e)
	}
	return nil
}

// refusalOf is the refusal code of a decoding error.
func refusalOf(err error) string {
	switch {
	case errors.Is(err, ErrOversized):
		return RefusedOversized
	case errors.Is(err, ErrVersion):
		return RefusedVersion
	case errors.Is(err, ErrInvalid):
		return RefusedInvalid
	case errors.Is(err, ErrQuery):
		return RefusedQuery
	}
	return RefusedMalformed
}
