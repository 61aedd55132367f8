package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestWriteJSONEscapesTerminalControls: encoding/json leaves DEL, C1 and
// bidi overrides raw; the CLI's JSON escapes them and still decodes to
// the same value.
func TestWriteJSONEscapesTerminalControls(t *testing.T) {
	in := map[string]string{"name": "a\x1b[2J\x7f\u009b\u202egpj.exe 年度报告"}
	var b bytes.Buffer
	if err := writeJSON(&b, in); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(b.String(), "\x1b\x7f\u009b\u202e") {
		t.Errorf("JSON carries raw control characters: %q", b.String())
	}
	var back map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["name"] != in["name"] {
		t.Errorf("round trip: got %q (%v), want %q", back["name"], err, in["name"])
	}
}
