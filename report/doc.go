// Package report makes reports fit to share: Redact rewrites a Report's
// message arguments and evidence with the redact package's functions
// (paths relative to ~, %LOCALAPPDATA% and the sync folder, account IDs
// masked, document names reduced to length and extension, credentials and
// tokens stripped), and SystemRoots says what those roots are on this
// computer. The CLI's check output and the tray's "Copy report" use it;
// the support bundle (issue 18) is planned on the same functions.
package report
