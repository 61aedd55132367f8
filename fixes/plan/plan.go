// Package plan is the model of a fix, pure data for every front end: what
// a fix will do here (Plan, Step, Action), how it went (Result, Outcome,
// Progress) and what the journal remembers of it (Entry). The engine that
// plans and applies (package fixes) imports the platform; this package
// imports only the model of the checks, so the window and the tray can
// show plans and results without linking any OS code.
package plan

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"time"

	"wpsdoctor/health"
)

// Elevation says whether a fix needs administrator rights.
type Elevation string

const (
	ElevationNever     Elevation = "never"
	ElevationSometimes Elevation = "sometimes" // tried unelevated first, or only on some systems
	ElevationAlways    Elevation = "always"
)

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
	KindSetMode     Kind = "set_mode"          // set a file's permission bits, never through a link
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
	Chain *NFTChain `json:"chain,omitempty"`
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
		return fmt.Sprintf("nft: delete rules commented %q from %s %s %s", NFTMarker, a.Chain.Family, a.Chain.Table, a.Chain.Name)
	case KindCloseApps:
		return fmt.Sprintf("wait until %s exit (pids %v); never kill", strings.Join(a.Names, ", "), a.PIDs)
	case KindRestartApp:
		return "restart: " + a.Exe
	case KindSetMode:
		return fmt.Sprintf("chmod %04o %s", a.Mode, a.Path)
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

// NFTChain names an nftables chain (platform/firewall.Chain's identity).
type NFTChain struct {
	Family string `json:"family"`
	Table  string `json:"table"`
	Name   string `json:"name"`
}

// NFTMarker is the comment on our own nft rules (platform/firewall.Marker;
// a test in fixes keeps the two equal).
const NFTMarker = "wpsdoctor"

// Outcome is how an apply (or undo) ended.
type Outcome string

const (
	OutcomeFixed      Outcome = "fixed"       // every re-run check passes
	OutcomeNotFixed   Outcome = "not_fixed"   // applied, but no re-run check improved
	OutcomePartly     Outcome = "partly"      // applied, some checks improved or pass
	OutcomeApplied    Outcome = "applied"     // applied; the fix names no checks to re-run
	OutcomeFailed     Outcome = "failed"      // a step failed and rollback failed too
	OutcomeRolledBack Outcome = "rolled_back" // a step failed; everything done was undone
	OutcomeCancelled  Outcome = "cancelled"   // the user cancelled (elevation prompt, ^C)
	OutcomeDenied     Outcome = "denied"      // administrator rights were refused or cannot be asked for; nothing changed
	OutcomeUndone     Outcome = "undone"      // Undo restored the prior state
)

// StepOutcome reports one step.
type StepOutcome struct {
	Index       int            `json:"index"`
	Description health.Message `json:"description"`
	Status      string         `json:"status"` // done | failed | rolled_back | undone | skipped | not_run
	Output      string         `json:"output,omitempty"`
	Error       string         `json:"error,omitempty"`
}

// Result is what Apply or Undo did.
type Result struct {
	EntryID string  `json:"entry"`
	Fix     string  `json:"fix"`
	Outcome Outcome `json:"outcome"`
	Error   string  `json:"error,omitempty"`
	// ElevatedBy says how the steps that needed administrator rights ran:
	// "agent" (the WPS Sync Doctor service) or "prompt" (an administrator
	// prompt); empty when none did.
	ElevatedBy string           `json:"elevated_by,omitempty"`
	Steps      []StepOutcome    `json:"steps,omitempty"`
	Before     []health.Finding `json:"before,omitempty"`
	After      []health.Finding `json:"after,omitempty"`
}

// Progress is reported as steps run.
type Progress struct {
	Step        int            `json:"step"`
	Total       int            `json:"total"`
	Phase       string         `json:"phase"` // apply | rollback | undo | verify
	Description health.Message `json:"description"`
}

// Entry is one apply, folded from its records.
type Entry struct {
	ID      string    `json:"id"`
	Fix     string    `json:"fix"`
	Time    time.Time `json:"time"`
	Plan    Plan      `json:"plan"`
	Started []int     `json:"started,omitempty"` // steps whose start was journaled
	Done    []int     `json:"done,omitempty"`    // steps that completed
	// State: in_progress (crashed or running), applied (not verified),
	// verified, rolled_back, undone, undo_failed.
	State   string  `json:"state"`
	Outcome Outcome `json:"outcome,omitempty"`
	Error   string  `json:"error,omitempty"`
	// Pruned lists the quarantine items of this entry that were deleted for
	// good by `wpsdoctor quarantine prune`.
	Pruned []string `json:"pruned,omitempty"`
}

// Pending reports whether the entry was left applied (or half-applied) and
// never verified, rolled back or undone: a crash or kill interrupted it.
// An entry killed before its first step changed nothing and is not pending.
func (e Entry) Pending() bool {
	return (e.State == "in_progress" || e.State == "applied") && len(e.Started) > 0
}

// Undoable reports whether undo can still do something for this entry.
func (e Entry) Undoable() bool {
	return len(e.Started) > 0 && e.State != "undone" && e.State != "rolled_back"
}

// PolicyRefusedText begins the error of a request the agent service
// refused by the organisation's policy (fixes.ErrPolicy).
const PolicyRefusedText = "refused by the organisation's policy"

// PolicyRefusal tells a result error of the agent refusing by the policy
// and returns the policy's words (the front ends show them instead of
// "administrator rights were not granted").
func PolicyRefusal(errText string) (string, bool) {
	_, reason, ok := strings.Cut(errText, PolicyRefusedText+": ")
	if !ok {
		return "", false
	}
	reason, _, _ = strings.Cut(reason, "; rollback:")
	return reason, true
}
