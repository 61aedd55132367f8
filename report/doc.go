// Package report will build the support bundle: the report, the journal and
// logs, redacted (user names, e-mails, phone numbers, account IDs, home
// paths) unless the user opts in. Planned; nothing here yet.
package report
