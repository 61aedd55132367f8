package main

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"wpsdoctor/health"
	"wpsdoctor/report"
	"wpsdoctor/report/redact"
)

// shareable returns the report as check prints it: redacted for sharing
// (paths relative to ~, %LOCALAPPDATA% and the sync folder, account IDs
// masked, document names reduced to length and extension), or with
// --reveal in full. Credentials and tokens are stripped either way.
func (a *app) shareable(rep health.Report) health.Report {
	return report.Redact(rep, a.prod.Sharing(a.reveal))
}

// safe makes one value safe to print on a terminal line.
func safe(s string) string { return redact.EscapeControls(s) }

// safeText is safe for multi-line text (newlines and tabs kept).
func safeText(s string) string { return redact.EscapeText(s) }

// jsonSafe escapes, inside JSON text, the characters encoding/json leaves
// raw but a terminal or a text view would act on: DEL, C1 controls and
// bidi formatting characters. The JSON decodes to the same values.
func jsonSafe(b []byte) []byte {
	var out bytes.Buffer
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == 0x7F || (r >= 0x80 && r <= 0x9F) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) ||
			r == 0x200E || r == 0x200F || r == 0x061C {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.Write(b[i : i+size])
		}
		i += size
	}
	return out.Bytes()
}
