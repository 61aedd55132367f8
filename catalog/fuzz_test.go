package catalog

import (
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"wpsdoctor/assets"
)

// Guards of one FuzzLoad call. The limits keep a call's cost linear in its
// input; these are far above that and far below what the old decoder
// needed for a few kilobytes of nesting.
const (
	fuzzMaxTime  = time.Second
	fuzzMaxAlloc = 64 << 20
)

// FuzzLoad feeds arbitrary files to the loader: it must answer within
// fuzzMaxTime and fuzzMaxAlloc bytes of allocation, never panic, and give
// either a valid catalogue or one short line naming the file.
func FuzzLoad(f *testing.F) {
	f.Add(assets.Endpoints)
	f.Add([]byte("[thresholds]\nlatency_ms = 250\n"))
	f.Add([]byte("families = 42\n"))
	f.Add([]byte("a = [\"[[[\", '{{{', \"\"\"\n]]]\"\"\"\"\", '''}}'''] # [[[\n"))
	f.Add([]byte("[families.\"a.b\"]\n[[families.\"a.b\".endpoints]]\nhost = \"a.test\"\nports = [443]\n"))
	f.Add([]byte("x = {a.b = {c = [1, [2, {d = 3}]]}}\n"))
	f.Add([]byte("schema = " + strings.Repeat("[", 12) + "\n"))
	f.Add([]byte("\xef\xbb\xbf[a.b.c.d.e.f.g.h]\nx = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > MaxFileBytes {
			t.Skip("over the size limit: refused before any decoding, tested elsewhere")
		}
		sample := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
		metrics.Read(sample)
		before := sample[0].Value.Uint64()
		type result struct {
			c   *Catalog
			err error
		}
		done := make(chan result, 1)
		go func() {
			c, err := LoadBytes(data, "fuzz.toml")
			done <- result{c, err}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(fuzzMaxTime):
			t.Fatalf("LoadBytes of %d bytes still running after %v", len(data), fuzzMaxTime)
		}
		metrics.Read(sample)
		if alloc := sample[0].Value.Uint64() - before; alloc > fuzzMaxAlloc {
			t.Errorf("LoadBytes of %d bytes allocated %d bytes, want at most %d", len(data), alloc, fuzzMaxAlloc)
		}
		checkScanAgreesWithDecoder(t, data)
		if r.c == nil {
			t.Fatal("got a nil catalogue, want the built-in one at least")
		}
		if r.err == nil {
			if r.c.Source != "fuzz.toml" || r.c.validate() != nil {
				t.Errorf("accepted catalogue: source %q, validate %v", r.c.Source, r.c.validate())
			}
			return
		}
		msg := r.err.Error()
		if len(msg) > MaxMessageBytes || strings.ContainsAny(msg, "\r\n") || !strings.HasPrefix(msg, "fuzz.toml") {
			t.Errorf("got a %d-byte message %q, want one line naming the file, at most %d bytes", len(msg), msg, MaxMessageBytes)
		}
		if strings.Contains(msg, "cannot decode:") {
			t.Errorf("the decoder panicked: %s", msg)
		}
		if r.c.Source != "built-in" {
			t.Errorf("refused, but got catalogue %q, want the built-in one", r.c.Source)
		}
	})
}

// checkScanAgreesWithDecoder fails if the decoder saw more keys, a longer
// key path or deeper arrays in data than the pre-scan counted: the scan
// misread the file, and a bigger file of the same kind would get past the
// limits. Small inputs, which the fuzzer makes, find such a misreading
// long before a costly one.
func checkScanAgreesWithDecoder(t *testing.T, data []byte) {
	t.Helper()
	st, se := prescan(data)
	if se != nil {
		return
	}
	var raw map[string]any
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		return
	}
	keys, longest := md.Keys(), 0
	for _, k := range keys {
		longest = max(longest, len(k))
	}
	if len(keys) > st.entries || longest > st.maxPath {
		t.Errorf("decoder saw %d keys, the longest of %d parts; the scan counted %d and %d", len(keys), longest, st.entries, st.maxPath)
	}
	if d := arrayDepth(raw); d > MaxDepth {
		t.Errorf("decoder nested arrays %d deep; the scan let it through", d)
	}
}

// arrayDepth is the deepest nesting of arrays in a decoded value.
func arrayDepth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			d = max(d, arrayDepth(e))
		}
		return d
	case []map[string]any:
		for _, e := range v {
			d = max(d, arrayDepth(e))
		}
		return d
	case []any:
		for _, e := range v {
			d = max(d, arrayDepth(e))
		}
		return d + 1
	}
	return 0
}
