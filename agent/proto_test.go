package agent

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"wpsdoctor/fixes"
)

func frame(b []byte) []byte {
	out := make([]byte, 4, 4+len(b))
	binary.BigEndian.PutUint32(out, uint32(len(b)))
	return append(out, b...)
}

func TestFrameRoundTrip(t *testing.T) {
	req := Request{Version: Version, Op: OpRun, Entry: "e1", Steps: [][]fixes.Action{{{Kind: fixes.KindExec, Argv: []string{"chronyc", "makestep"}}}}}
	var buf bytes.Buffer
	if err := WriteFrame(&buf, req); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFrame(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeRequest(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Entry != "e1" || len(got.Steps) != 1 || got.Steps[0][0].Argv[0] != "chronyc" {
		t.Fatalf("got %+v, want the request back", got)
	}
}

func TestDecodeRefusals(t *testing.T) {
	good := `{"version":1,"op":"run","entry":"e","steps":[[{"kind":"exec","argv":["chronyc","makestep"]}]]}`
	for _, tc := range []struct {
		name, body string
		want       error
		code       string
	}{
		{"not JSON", `{"version":1,`, ErrMalformed, RefusedMalformed},
		{"trailing data", good + `{}`, ErrMalformed, RefusedMalformed},
		{"unknown field", `{"version":1,"op":"ping","x":1}`, ErrMalformed, RefusedMalformed},
		{"wrong version", strings.Replace(good, `"version":1`, `"version":2`, 1), ErrVersion, RefusedVersion},
		{"no version", `{"op":"ping"}`, ErrVersion, RefusedVersion},
		{"unknown op", `{"version":1,"op":"shell"}`, ErrMalformed, RefusedMalformed},
		{"ping with steps", `{"version":1,"op":"ping","steps":[[]]}`, ErrMalformed, RefusedMalformed},
		{"no steps", `{"version":1,"op":"run","entry":"e"}`, ErrMalformed, RefusedMalformed},
		{"entry with a path", strings.Replace(good, `"entry":"e"`, `"entry":"../e"`, 1), ErrMalformed, RefusedMalformed},
		{"a shell", strings.Replace(good, `["chronyc","makestep"]`, `["sh","-c","id"]`, 1), ErrInvalid, RefusedInvalid},
		{"per-user kind", strings.Replace(good, `"kind":"exec","argv":["chronyc","makestep"]`, `"kind":"quarantine","path":"/etc"`, 1), ErrInvalid, RefusedInvalid},
		{"another file", strings.Replace(good, `"kind":"exec","argv":["chronyc","makestep"]`, `"kind":"write_file","path":"/etc/shadow"`, 1), ErrInvalid, RefusedInvalid},
		{"inspect: unknown query", `{"version":1,"op":"inspect","query":"shadow-file"}`, ErrQuery, RefusedQuery},
		{"inspect: no query", `{"version":1,"op":"inspect"}`, ErrQuery, RefusedQuery},
		{"inspect: a query name with a path", `{"version":1,"op":"inspect","query":"firewall-ruleset/../x"}`, ErrQuery, RefusedQuery},
		{"inspect: with steps", `{"version":1,"op":"inspect","query":"firewall-ruleset","steps":[[{"kind":"exec","argv":["nft","list","ruleset"]}]]}`, ErrMalformed, RefusedMalformed},
		{"inspect: with an entry", `{"version":1,"op":"inspect","query":"firewall-ruleset","entry":"e"}`, ErrMalformed, RefusedMalformed},
		{"inspect: an argument", `{"version":1,"op":"inspect","query":"firewall-ruleset","args":["-a"]}`, ErrMalformed, RefusedMalformed},
		{"inspect: wrong version", `{"version":2,"op":"inspect","query":"firewall-ruleset"}`, ErrVersion, RefusedVersion},
		{"run with a query", strings.Replace(good, `"entry":"e"`, `"entry":"e","query":"firewall-ruleset"`, 1), ErrMalformed, RefusedMalformed},
		{"ping with a query", `{"version":1,"op":"ping","query":"firewall-ruleset"}`, ErrMalformed, RefusedMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeRequest([]byte(tc.body))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if got := refusalOf(err); got != tc.code {
				t.Fatalf("refusal code: got %q, want %q", got, tc.code)
			}
		})
	}
	if _, err := DecodeRequest([]byte(good)); err != nil {
		t.Fatalf("the good request: %v", err)
	}
	req, err := DecodeRequest([]byte(`{"version":1,"op":"inspect","query":"firewall-ruleset"}`))
	if err != nil || req.Op != OpInspect || req.Query != QueryFirewallRuleset {
		t.Fatalf("the firewall-ruleset query: got %+v, %v; want it accepted", req, err)
	}
}

func TestReadFrameLimits(t *testing.T) {
	big := make([]byte, 4)
	binary.BigEndian.PutUint32(big, MaxMessage+1)
	if _, err := ReadFrame(bytes.NewReader(big)); !errors.Is(err, ErrOversized) {
		t.Fatalf("announced %d bytes: got %v, want ErrOversized", MaxMessage+1, err)
	}
	if _, err := ReadFrame(bytes.NewReader(frame([]byte("abc"))[:5])); !errors.Is(err, ErrMalformed) {
		t.Fatalf("short body: got %v, want ErrMalformed", err)
	}
	if _, err := ReadFrame(bytes.NewReader([]byte{0, 0})); !errors.Is(err, ErrMalformed) {
		t.Fatalf("short prefix: got %v, want ErrMalformed", err)
	}
	huge := Request{Version: Version, Op: OpRun, Entry: strings.Repeat("x", MaxMessage)}
	if err := WriteFrame(&bytes.Buffer{}, huge); !errors.Is(err, ErrOversized) {
		t.Fatalf("writing an oversized message: got %v, want ErrOversized", err)
	}
}

// FuzzAgentDecode: no input makes the decoder panic, and whatever it
// accepts passes the privileged validator and survives a round trip.
func FuzzAgentDecode(f *testing.F) {
	f.Add(frame([]byte(`{"version":1,"op":"ping"}`)))
	f.Add(frame([]byte(`{"version":1,"op":"run","entry":"e","steps":[[{"kind":"exec","argv":["resolvectl","dns","eth0","1.1.1.1"]}]]}`)))
	f.Add(frame([]byte(`{"version":1,"op":"run","entry":"e","steps":[[{"kind":"write_file","path":"/etc/resolv.conf","data":"bmFtZXNlcnZlciAxLjEuMS4xCg=="}]]}`)))
	f.Add(frame([]byte(`{"version":1,"op":"inspect","query":"firewall-ruleset"}`)))
	f.Add(frame([]byte(`{"version":1,"op":"inspect","query":"etc-shadow"}`)))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadFrame(bytes.NewReader(data))
		if err != nil {
			return
		}
		req, err := DecodeRequest(b)
		if err != nil {
			_ = refusalOf(err)
			return
		}
		if req.Op == OpInspect && (!slices.Contains(queries, req.Query) || req.Entry != "" || len(req.Steps) > 0) {
			t.Fatalf("accepted an inspect outside the fixed queries: %+v", req)
		}
		if req.Op == OpRun {
			if err := fixes.ValidatePrivilegedRequest(fixes.PrivilegedRequest{Version: 1, Entry: req.Entry, Steps: req.Steps}); err != nil {
				t.Fatalf("accepted a request the validator refuses: %v", err)
			}
		}
		again, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeRequest(again); err != nil {
			t.Fatalf("re-encoded request refused: %v\n%s", err, again)
		}
	})
}
