package agent

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"sync"
	"time"

	"wpsdoctor/fixes"
	"wpsdoctor/platform/firewall"
)

// Server answers requests on the agent's socket or pipe.
type Server struct {
	// Executor performs the actions: the privileged verb's own.
	Executor *fixes.Executor
	// Policy reads the organisation's policy for one request (a fresh read
	// each time, so an administrator's edit counts at once).
	Policy func() PolicyState
	// Journal records every request but a ping.
	Journal *Journal
	// Groups are the Unix groups of a peer (policy allowed_groups); nil
	// means the system's user database.
	Groups func(Peer) []string
	// Peer tells the caller of a connection; nil means the OS's (peerOf).
	Peer func(net.Conn) (Peer, error)
	// MaxConns bounds the connections served at once (default 8); more
	// are answered "busy".
	MaxConns int
	// IOTimeout bounds reading a request and writing the answer (default
	// 5 s), so a stalled client holds only its own connection.
	IOTimeout time.Duration
	// RunTimeout bounds running one request's steps (default 3 min).
	RunTimeout time.Duration
	// FirewallRead answers the firewall-ruleset query; nil means
	// firewall.Read, the read the firewall check and planner do.
	FirewallRead func(ctx context.Context, apps []string) (firewall.State, error)
	// Log receives what the agent says about itself; nil means log.Printf.
	Log func(format string, args ...any)

	run sync.Mutex // one change at a time
}

func (s *Server) logf(format string, args ...any) {
	if s.Log != nil {
		s.Log(format, args...)
		return
	}
	log.Printf(format, args...)
}

func orDefault[T int | time.Duration](v, d T) T {
	if v > 0 {
		return v
	}
	return d
}

// Serve accepts connections until ctx ends (it then closes l), each served
// in its own goroutine, at most MaxConns at once.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	sem := make(chan struct{}, orDefault(s.MaxConns, 8))
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := l.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, net.ErrClosed) {
				return err
			}
			s.logf("agent: accept: %v", err)
			time.Sleep(50 * time.Millisecond)
			continue
		}
		select {
		case sem <- struct{}{}:
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				s.handle(ctx, c)
			}()
		default:
			go s.refuseBusy(c)
		}
	}
}

func (s *Server) refuseBusy(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(orDefault(s.IOTimeout, 5*time.Second)))
	_ = WriteFrame(c, refusal(RefusedBusy, "the service is busy with other requests; try again"))
}

// handle serves one connection: one request, one answer.
func (s *Server) handle(ctx context.Context, c net.Conn) {
	defer c.Close()
	io := orDefault(s.IOTimeout, 5*time.Second)
	_ = c.SetDeadline(time.Now().Add(io))
	peerFn := s.Peer
	if peerFn == nil {
		peerFn = peerOf
	}
	peer, perr := peerFn(c)
	b, rerr := ReadFrame(c)
	resp := s.safeAnswer(ctx, peer, perr, b, rerr)
	_ = c.SetDeadline(time.Now().Add(io))
	if err := WriteFrame(c, resp); err != nil {
		s.logf("agent: answering %s: %v", peer, err)
	}
}

// safeAnswer is answer, with a panic while serving one request turned into
// a refusal of that request: the service keeps serving everyone else.
func (s *Server) safeAnswer(ctx context.Context, peer Peer, perr error, b []byte, rerr error) (resp Response) {
	defer func() {
		if p := recover(); p != nil {
			s.logf("agent: internal error serving %s: %v", peer, p)
			resp = refusal(RefusedInternal, "the service hit an internal error on this request; nothing more was run")
		}
	}()
	return s.answer(ctx, peer, perr, b, rerr)
}

func refusal(code, why string) Response {
	return Response{PrivilegedResponse: fixes.PrivilegedResponse{Version: Version, ExitStatus: 2, Error: why}, Refused: code}
}

// answer decides and, when allowed, runs one request; everything but a
// ping is journaled.
func (s *Server) answer(ctx context.Context, peer Peer, perr error, b []byte, rerr error) Response {
	rec := Record{Time: time.Now().UTC(), Peer: peer.String(), UID: peer.UID, User: peer.Name, PID: peer.PID}
	var req Request
	err := rerr
	if err == nil {
		req, err = DecodeRequest(b)
	}
	var resp Response
	switch {
	case perr != nil:
		rec.Peer, rec.UID = "unknown", -1
		resp = refusal(RefusedPeer, fmt.Sprintf("the caller cannot be identified (%v): only local users are served", perr))
	case err != nil:
		resp = refusal(refusalOf(err), err.Error())
	case req.Op == OpPing:
		return Response{PrivilegedResponse: fixes.PrivilegedResponse{Version: Version}}
	case req.Op == OpInspect:
		resp = s.inspect(ctx, peer, req, &rec)
	default:
		resp = s.runRequest(ctx, peer, req, &rec)
	}
	rec.Entry = req.Entry
	if resp.Refused != "" {
		rec.Outcome, rec.Refused, rec.Error = "refused", resp.Refused, resp.Error
	}
	if err := s.Journal.Append(rec); err != nil {
		s.logf("agent: journal: %v", err)
	}
	return resp
}

// runRequest checks the policy and runs the steps, one request at a time.
func (s *Server) runRequest(ctx context.Context, peer Peer, req Request, rec *Record) Response {
	for _, st := range req.Steps {
		for _, a := range st {
			rec.Actions = append(rec.Actions, a.Render(s.Executor.OS))
		}
	}
	groups := s.Groups
	if groups == nil {
		groups = groupNames
	}
	d := decide(s.Policy(), peer, groups, req)
	rec.Fixes = d.fixes
	if d.refused != "" {
		r := refusal(d.refused, d.why)
		r.Fixes = d.fixes
		return r
	}
	s.run.Lock()
	defer s.run.Unlock()
	rctx, cancel := context.WithTimeout(ctx, orDefault(s.RunTimeout, 3*time.Minute))
	defer cancel()
	pr := fixes.RunPrivileged(rctx, fixes.PrivilegedRequest{Version: 1, Entry: req.Entry, Steps: req.Steps}, s.Executor)
	rec.Outcome = "done"
	if pr.ExitStatus != 0 {
		rec.Outcome = "failed"
		for _, st := range pr.Steps {
			if st.Error != "" {
				rec.Error = st.Error
			}
		}
	}
	return Response{PrivilegedResponse: pr, Fixes: d.fixes}
}
