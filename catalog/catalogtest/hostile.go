// Package catalogtest generates hostile endpoint-catalogue files for the
// tests of the catalog package and of the programs that load it.
package catalogtest

import (
	"fmt"
	"strings"
)

// Case is one pathological override file.
type Case struct {
	Name string
	Body []byte
}

// Pathological returns files that crashed or stalled the decoder before
// the loader's limits: deep arrays and inline tables, a header and a key
// with tens of thousands of dotted parts, megabytes of unknown keys, a
// few tens of kilobytes of nesting, arrays and regular expressions that
// cost seconds to decode or compile, and wrong types.
func Pathological() []Case {
	return []Case{
		{"deep arrays (1000000 [ unclosed)", []byte("schema = " + strings.Repeat("[", 1000000) + "\n")},
		{"deep arrays (1 MiB closed)", []byte("schema = " + strings.Repeat("[", 500000) + strings.Repeat("]", 500000) + "\n")},
		{"deep inline tables", []byte("schema = " + strings.Repeat("{a=", 20000) + "1" + strings.Repeat("}", 20000) + "\n")},
		{"deep arrays of inline tables (40 KB)", []byte("schema = " + strings.Repeat("[{a=", 5000) + "1" + strings.Repeat("}]", 5000) + "\n")},
		{"dotted header (30000 parts)", []byte("[" + strings.Repeat("a.", 30000) + "a]\nx = 1\n")},
		{"dotted header after a byte-order mark", []byte("\xef\xbb\xbf[" + strings.Repeat("a.", 30000) + "a]\nx = 1\n")},
		{"dotted array-of-tables header", []byte("[[" + strings.Repeat("a.", 30000) + "a]]\nx = 1\n")},
		{"dotted key (30000 parts)", []byte(strings.Repeat("a.", 30000) + "a = 1\n")},
		{"long key", []byte(strings.Repeat("k", 200000) + " = 1\n")},
		{"10 MB of unknown keys", UnknownKeys(10 << 20)},
		{"many unknown keys under 1 MB", UnknownKeys(900 << 10)},
		{"array of 500000 items", []byte("[thresholds]\nunsupported_extensions = [" + strings.Repeat("1,", 500000) + "1]\n")},
		{"250000 conflict patterns", []byte("[thresholds]\nconflict_patterns = [" + strings.Repeat(`"a",`, 250000) + `"a"]` + "\n")},
		{"one 1 MB conflict pattern", []byte("[thresholds]\nconflict_patterns = [\"" + strings.Repeat("(a|b)", 200000) + "\"]\n")},
		{"families = 42", []byte("families = 42\n")},
	}
}

// UnknownKeys returns about size bytes of `keyN = N` lines.
func UnknownKeys(size int) []byte {
	var b strings.Builder
	b.Grow(size + 32)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "key%d = %d\n", i, i)
	}
	return []byte(b.String())
}
