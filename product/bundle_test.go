package product

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"wpsdoctor/report"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestReadTailAndLogs: a long log gives its most recent part from a line
// start; links and other files in the state directory are not logs.
func TestReadTailAndLogs(t *testing.T) {
	dir := t.TempDir()
	var big bytes.Buffer
	for i := 0; big.Len() < 3*report.MaxLogBytes; i++ {
		big.WriteString(strings.Repeat("x", i%97) + " line\n")
	}
	big.WriteString("the last line\n")
	must(t, os.WriteFile(filepath.Join(dir, "wpsdoctor.log"), big.Bytes(), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "wpsdoctor.log.2"), []byte("rotated\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "journal.jsonl"), []byte("{}\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "x.logfile"), []byte("no\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(t.TempDir(), "secret"), []byte("no\n"), 0o600))
	must(t, os.Symlink("/etc/passwd", filepath.Join(dir, "evil.log")))
	logs := appLogs(dir)
	var names []string
	for _, l := range logs {
		names = append(names, l.Name)
	}
	if !slices.Equal(names, []string{"wpsdoctor.log", "wpsdoctor.log.2"}) {
		t.Fatalf("logs = %v, want wpsdoctor.log and wpsdoctor.log.2 (no link, no other file)", names)
	}
	l := logs[0]
	if !l.Cut || len(l.Data) > report.MaxLogBytes || !bytes.HasSuffix(l.Data, []byte("the last line\n")) || !bytes.HasSuffix(big.Bytes(), l.Data) {
		t.Errorf("tail: cut %v, %d bytes; want the file's last part, at most %d bytes", l.Cut, len(l.Data), report.MaxLogBytes)
	}
	if i := bytes.Index(big.Bytes(), l.Data); i <= 0 || big.Bytes()[i-1] != '\n' {
		t.Errorf("the tail does not start at a line (offset %d)", i)
	}
}
