#!/bin/sh
# Jamf Pro extension attribute: WPS cloud sync health of this Mac.
#
# Prints one <result>…</result> line for Jamf:
#   Healthy
#   Warnings: WSD-CLK-001,…          sync may be degraded (codes of what warned
#                                    or could not be checked)
#   Problems: WSD-NET-012,…          sync or sign-in cannot work (codes of what failed)
#   Tool failure                     wpsdoctor itself could not run its checks
#   Not installed                    no wpsdoctor found
# Smart groups can match "Problems*" and "Warnings*"; `wpsdoctor explain CODE`
# tells what a code means.
#
# It reads the exit code of `wpsdoctor check` (0 healthy, 1 warnings,
# 2 problems, 3 tool failure) and, for the codes, its --json output through
# JavaScript for Automation (no jq or python needed). The report is passed
# as an argument, never pasted into script text. Jamf runs this as root:
# the check then runs as the user at the console, whose WPS it is.
#
# Settings (environment): WSD_BIN the wpsdoctor program; WSD_OSASCRIPT the
# osascript program (default /usr/bin/osascript).

EXIT_HEALTHY=0
EXIT_WARNINGS=1
EXIT_FAILURES=2
EXIT_TOOL_FAILURE=3

find_wpsdoctor() {
	if [ -n "${WSD_BIN:-}" ] && [ -x "$WSD_BIN" ]; then
		printf '%s\n' "$WSD_BIN"
		return 0
	fi
	if command -v wpsdoctor >/dev/null 2>&1; then
		command -v wpsdoctor
		return 0
	fi
	for p in /usr/local/bin/wpsdoctor "/Applications/WPS Sync Doctor.app/Contents/MacOS/wpsdoctor"; do
		if [ -x "$p" ]; then
			printf '%s\n' "$p"
			return 0
		fi
	done
	return 1
}

# run_check runs `wpsdoctor check --json` as the console user when this
# script runs as root on macOS, else as whoever runs it.
run_check() {
	if [ "$(uname -s)" = Darwin ] && [ "$(id -u)" = 0 ]; then
		user=$(/usr/bin/stat -f %Su /dev/console 2>/dev/null)
		if [ -n "$user" ] && [ "$user" != root ] && [ "$user" != loginwindow ]; then
			uid=$(/usr/bin/id -u "$user")
			/bin/launchctl asuser "$uid" /usr/bin/sudo -n -H -u "$user" "$1" check --json
			return $?
		fi
	fi
	"$1" check --json
}

# codes prints the codes of the findings whose status is in the comma-
# separated list $2 in the report $1, comma-separated; nothing when osascript is missing or fails.
codes() {
	osa=${WSD_OSASCRIPT:-/usr/bin/osascript}
	[ -x "$osa" ] || return 0
	"$osa" -l JavaScript -e '
function run(argv) {
	var r = JSON.parse(argv[0]), seen = {}, out = [];
	(r.findings || []).forEach(function (f) {
		if (argv[1].split(",").indexOf(f.status) >= 0 && /^[A-Za-z0-9._-]+$/.test(f.code) && !seen[f.code]) {
			seen[f.code] = true;
			out.push(f.code);
		}
	});
	return out.join(",");
}' "$1" "$2" 2>/dev/null
}

result() {
	printf '<result>%s</result>\n' "$1"
	exit 0
}

bin=$(find_wpsdoctor) || result "Not installed"
report=$(run_check "$bin" 2>/dev/null)
status=$?

case $status in
$EXIT_HEALTHY) result "Healthy" ;;
$EXIT_WARNINGS) list=$(codes "$report" warn,error) ;;
$EXIT_FAILURES) list=$(codes "$report" fail) ;;
$EXIT_TOOL_FAILURE) result "Tool failure" ;;
*) result "Tool failure (exit $status)" ;;
esac

word=Warnings
[ "$status" = "$EXIT_FAILURES" ] && word=Problems
if [ -n "$list" ]; then
	result "$word: $list"
fi
result "$word"
