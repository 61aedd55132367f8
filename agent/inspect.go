package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"wpsdoctor/fixes"
	"wpsdoctor/platform/firewall"
)

// inspectTimeout bounds answering one query (Windows lists its firewall
// rules through COM, which takes seconds on a machine with many).
const inspectTimeout = 20 * time.Second

// inspect answers one read-only query for peer: the same peer checks as
// a run (the policy's denied users and allowed groups), then the same read
// the checks and planners do, as the system. Nothing is changed; the
// request is journaled with its query.
func (s *Server) inspect(ctx context.Context, peer Peer, req Request, rec *Record) Response {
	rec.Query = req.Query
	groups := s.Groups
	if groups == nil {
		groups = groupNames
	}
	if d := decidePeer(s.Policy(), peer, groups); d.refused != "" {
		return refusal(d.refused, d.why)
	}
	ctx, cancel := context.WithTimeout(ctx, inspectTimeout)
	defer cancel()
	resp := Response{PrivilegedResponse: fixes.PrivilegedResponse{Version: Version}}
	var err error
	switch req.Query {
	case QueryFirewallRuleset:
		read := s.FirewallRead
		if read == nil {
			read = firewall.Read
		}
		var st firewall.State
		st, err = read(ctx, nil)
		resp.Firewall = &st
	default: // DecodeRequest lets no other name through
		return refusal(RefusedQuery, fmt.Sprintf("unknown query %q", req.Query))
	}
	if err == nil {
		err = checkAnswerSize(resp)
	}
	if err != nil {
		rec.Outcome, rec.Error = "failed", err.Error()
		return Response{PrivilegedResponse: fixes.PrivilegedResponse{Version: Version, ExitStatus: 1, Error: err.Error()}}
	}
	rec.Outcome = "done"
	return resp
}

// checkAnswerSize refuses to send an answer over MaxAnswer bytes.
func checkAnswerSize(resp Response) error {
	b, err := json.Marshal(resp)
	if err != nil {
		return err
	}
	if len(b) > MaxAnswer {
		return fmt.Errorf("the answer is %d bytes, over the %d-byte limit of a query", len(b), MaxAnswer)
	}
	return nil
}
