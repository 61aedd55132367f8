// Package fixes holds the fix catalogue and the engine that applies it:
// every fix plans exact, typed steps with the prior state captured; Apply
// journals each step before making it, rolls back on failure and re-runs
// the checks that suggested the fix; Undo restores from the journal and the
// quarantine. Files are never deleted, only quarantined.
package fixes

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/platform/firewall"
)

// Elevation says whether a fix needs administrator rights.
type Elevation string

const (
	ElevationNever     Elevation = "never"
	ElevationSometimes Elevation = "sometimes" // tried unelevated first, or only on some systems
	ElevationAlways    Elevation = "always"
)

// Fix is one repair in the catalogue.
type Fix struct {
	ID          string
	Title       health.Message
	Description health.Message
	Elevation   Elevation
	// Undoable: the fix records enough prior state to be undone exactly.
	Undoable bool
	// Plan inspects the system (read-only) and returns the exact steps.
	Plan func(ctx context.Context, env *Env) (Plan, error)
}

// Plan is what a fix would do here and now.
type Plan struct {
	FixID string         `json:"fix"`
	Title health.Message `json:"title"`
	Steps []Step         `json:"steps"`
	// Refusal, when set, says why this fix must not run here (DNS managed by
	// policy or a VPN, captive portal, WPS open with unsaved documents...).
	Refusal *health.Message `json:"refusal,omitempty"`
	// Notes are things the user should know before consenting.
	Notes []health.Message `json:"notes,omitempty"`
	// Verify lists the check IDs to re-run after applying.
	Verify []string `json:"verify,omitempty"`
}

// NeedsElevation reports whether any step may need administrator rights.
func (p Plan) NeedsElevation() bool {
	for _, s := range p.Steps {
		if s.Elevated || s.ElevateOnFailure {
			return true
		}
	}
	return false
}

// Step is one logical change: the actions that make it and the actions
// that restore the prior state.
type Step struct {
	Description health.Message `json:"description"`
	Actions     []Action       `json:"actions"`
	Undo        []Action       `json:"undo,omitempty"`
	Elevated    bool           `json:"elevated,omitempty"`
	// ElevateOnFailure: try unelevated first, elevate only if that fails.
	ElevateOnFailure bool `json:"elevate_on_failure,omitempty"`
	// Prior is the captured state this step changes, for the journal and
	// for humans reading it.
	Prior json.RawMessage `json:"prior,omitempty"`
}

// Kind names an action type. The elevated helper accepts only some kinds.
type Kind string

const (
	KindExec        Kind = "exec"              // run argv (no shell)
	KindWriteFile   Kind = "write_file"        // replace a file's bytes in place
	KindQuarantine  Kind = "quarantine"        // move a path into the quarantine
	KindRestore     Kind = "restore"           // move a quarantined item back
	KindRegistrySet Kind = "registry_set"      // set/delete a Windows registry value
	KindNFTUnmark   Kind = "nft_delete_marked" // delete our marked rules from a chain
	KindCloseApps   Kind = "close_apps"        // wait until the asked programs exit; never kills
	KindRestartApp  Kind = "restart_cloud"     // stop and start the cloud component
)

// Action is one exact, typed operation.
type Action struct {
	Kind Kind     `json:"kind"`
	Argv []string `json:"argv,omitempty"`
	// Stdin is fed to an exec action.
	Stdin string `json:"stdin,omitempty"`
	// OKExit lists exit codes that count as success (default: 0).
	OKExit []int `json:"ok_exit,omitempty"`
	// Path is the file of write_file and quarantine.
	Path string `json:"path,omitempty"`
	// Data is write_file's new content; Remove deletes the file instead
	// (undo of a file that did not exist).
	Data   []byte `json:"data,omitempty"`
	Remove bool   `json:"remove,omitempty"`
	Mode   uint32 `json:"mode,omitempty"`
	// MTime, when set, is given back to the written file (undo restores
	// the original modification time too).
	MTime *time.Time `json:"mtime,omitempty"`
	// IfMarker: write_file only when the current content contains it, so an
	// undo never clobbers a file someone else wrote since.
	IfMarker string `json:"if_marker,omitempty"`
	// IfSHA256: write_file only when the current content has this hash
	// (the file is as planned, or as we left it).
	IfSHA256 string `json:"if_sha256,omitempty"`
	// Item is the quarantine item ID (quarantine/restore).
	Item string `json:"item,omitempty"`
	// Reg is registry_set's value.
	Reg *RegValue `json:"reg,omitempty"`
	// Chain is nft_delete_marked's chain.
	Chain *firewall.Chain `json:"chain,omitempty"`
	// Names and Exe serve close_apps and restart_cloud; Bundle is the macOS
	// bundle id to ask to quit.
	Names  []string `json:"names,omitempty"`
	PIDs   []int    `json:"pids,omitempty"`
	Exe    string   `json:"exe,omitempty"`
	Bundle string   `json:"bundle,omitempty"`
}

// RegValue is a Windows registry value under HKLM or HKCU.
type RegValue struct {
	Root  string `json:"root"` // HKLM | HKCU
	Key   string `json:"key"`
	Name  string `json:"name"`
	Type  string `json:"type"` // REG_SZ | REG_DWORD
	Value string `json:"value,omitempty"`
	// Delete removes the value (undo of a value that did not exist).
	Delete bool `json:"delete,omitempty"`
}

// String renders an action for the plan preview on this OS (see Render).
func (a Action) String() string { return a.Render(runtime.GOOS) }

// Render renders an action for the plan preview: argv exactly as run,
// quoted the way goos's shell takes it back (cmd.exe on Windows, a POSIX
// shell elsewhere), so a helpdesk can paste the line.
func (a Action) Render(goos string) string {
	quote := quoteArg
	if goos == "windows" {
		quote = quoteCmdArg
	}
	switch a.Kind {
	case KindExec:
		q := make([]string, len(a.Argv))
		for i, s := range a.Argv {
			q[i] = quote(s)
		}
		s := strings.Join(q, " ")
		if a.Stdin != "" {
			s += fmt.Sprintf("  (stdin: %d bytes)", len(a.Stdin))
		}
		return s
	case KindWriteFile:
		if a.Remove {
			return "remove " + a.Path
		}
		return fmt.Sprintf("write %s (%d bytes)", a.Path, len(a.Data))
	case KindQuarantine:
		return "move to quarantine: " + a.Path
	case KindRestore:
		return "restore from quarantine: " + a.Item
	case KindRegistrySet:
		if a.Reg == nil {
			return "registry: ?"
		}
		if a.Reg.Delete {
			return fmt.Sprintf(`registry delete %s\%s\%s`, a.Reg.Root, a.Reg.Key, a.Reg.Name)
		}
		return fmt.Sprintf(`registry set %s\%s\%s = %s:%s`, a.Reg.Root, a.Reg.Key, a.Reg.Name, a.Reg.Type, a.Reg.Value)
	case KindNFTUnmark:
		if a.Chain == nil {
			return "nft: ?"
		}
		return fmt.Sprintf("nft: delete rules commented %q from %s %s %s", firewall.Marker, a.Chain.Family, a.Chain.Table, a.Chain.Name)
	case KindCloseApps:
		return fmt.Sprintf("wait until %s exit (pids %v); never kill", strings.Join(a.Names, ", "), a.PIDs)
	case KindRestartApp:
		return "restart: " + a.Exe
	}
	return string(a.Kind)
}

// quoteArg shows an argument unambiguously in a preview (the argv itself
// is passed as is, never through a shell).
func quoteArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n\"'\\$`;&|<>(){}*?!#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// quoteCmdArg shows an argument as cmd.exe passes it on and the program's
// CommandLineToArgvW splits it back: in double quotes when it holds a space,
// a tab, a quote or a cmd.exe operator, with an inner quote as \" and the
// backslashes before it doubled (the rule of syscall.EscapeArg).
func quoteCmdArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"&|<>^()") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
		default:
			slashes = 0
		}
		b.WriteByte(c)
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}
