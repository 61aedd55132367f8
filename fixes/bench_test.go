package fixes

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkQuarantineRoundTrip moves a 100-file, 6.4 MB cache folder into
// the quarantine (manifest with hashes) and back (hash check).
func BenchmarkQuarantineRoundTrip(b *testing.B) {
	root := b.TempDir()
	src := filepath.Join(root, "cache")
	os.MkdirAll(src, 0o755)
	buf := make([]byte, 64<<10)
	for i := 0; i < 100; i++ {
		os.WriteFile(filepath.Join(src, fmt.Sprintf("f%03d", i)), buf, 0o644)
	}
	q := &Quarantine{Dir: filepath.Join(root, "q")}
	b.SetBytes(100 * 64 << 10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := q.Move("e", "i", src); err != nil {
			b.Fatal(err)
		}
		if _, err := q.Restore("e", "i"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJournalAppend measures one fsynced journal record.
func BenchmarkJournalAppend(b *testing.B) {
	j, err := OpenJournal(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if err := j.Append(Record{Entry: "e", Event: EvStepStart, Step: i}); err != nil {
			b.Fatal(err)
		}
	}
}
