// Package report makes reports fit to share and renders them.
//
// Redact rewrites a Report's message arguments and evidence with the redact
// package's functions (paths relative to ~, %LOCALAPPDATA% and the sync
// folder, account IDs masked, document names reduced to length and
// extension, e-mail addresses and phone numbers hidden, credentials and
// tokens stripped), and SystemRoots says what those roots are on this
// computer. The CLI's check output and the tray's "Copy report" use it.
//
// WriteText renders a report as the console tool prints it (byte for byte,
// see cmd/wpsdoctor's test) and Markdown as a human summary, top finding
// first. Build and WriteZip make the support bundle (issue 18): every file
// redacted by one Redactor (RedactWith), a README.txt listing the files
// and what was hidden, a support code, and the support contact from the
// organisation's policy file (PolicyPath) or the catalogue.
package report
