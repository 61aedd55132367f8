package fixes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"wpsdoctor/platform/elevate"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/timesync"
)

// PrivilegedRequest is the step file handed to the elevated helper: the
// steps of one batch, each a list of actions, run in order until one fails.
type PrivilegedRequest struct {
	Version int        `json:"version"`
	Entry   string     `json:"entry"`
	Steps   [][]Action `json:"steps"`
}

// StepResult is how one step went in the helper.
type StepResult struct {
	Done    bool     `json:"done"`
	Outputs []string `json:"outputs,omitempty"`
	Error   string   `json:"error,omitempty"`
}

// PrivilegedResponse is the result file: elevate reports neither exit code
// nor output, so everything the caller learns comes from here.
type PrivilegedResponse struct {
	Version int `json:"version"`
	// ExitStatus: 0 every step done, 1 a step failed, 2 request rejected.
	ExitStatus int          `json:"exit_status"`
	Steps      []StepResult `json:"steps"`
	Error      string       `json:"error,omitempty"` // the request was rejected
}

// privilegedTools are the only programs the helper runs, with an optional
// check of their arguments.
var privilegedTools = map[string]func(args []string) bool{
	"netsh":                 func(a []string) bool { return len(a) > 1 && (a[0] == "interface" || a[0] == "advfirewall") },
	"ipconfig":              func(a []string) bool { return slices.Equal(a, []string{"/flushdns"}) },
	"w32tm":                 anyArgs,
	"net":                   func(a []string) bool { return slices.Equal(a, []string{"start", "w32time"}) },
	"networksetup":          func(a []string) bool { return len(a) > 1 && a[0] == "-setdnsservers" },
	"dscacheutil":           func(a []string) bool { return slices.Equal(a, []string{"-flushcache"}) },
	"killall":               func(a []string) bool { return slices.Equal(a, []string{"-HUP", "mDNSResponder"}) },
	"systemsetup":           func(a []string) bool { return len(a) == 2 && a[0] == "-setusingnetworktime" },
	"sntp":                  func(a []string) bool { return len(a) == 2 && a[0] == "-sS" },
	firewall.SocketFilterFW: func(a []string) bool { return len(a) == 2 && strings.HasSuffix(a[1], ".app") },
	"resolvectl":            anyArgs,
	"nmcli":                 func(a []string) bool { return len(a) > 1 && a[0] == "device" },
	"nft":                   func(a []string) bool { return len(a) > 1 && (a[0] == "insert" || a[0] == "delete" || a[0] == "-j") },
	"ufw":                   anyArgs,
	"timedatectl":           func(a []string) bool { return len(a) == 2 && a[0] == "set-ntp" },
	"systemctl":             func(a []string) bool { return slices.Equal(a, []string{"restart", "systemd-timesyncd"}) },
	"chronyc":               func(a []string) bool { return slices.Equal(a, []string{"makestep"}) },
	"nscd":                  func(a []string) bool { return slices.Equal(a, []string{"-i", "hosts"}) },
}

func anyArgs([]string) bool { return true }

// privilegedFiles are the only files the helper writes.
var privilegedFiles = []string{"/etc/resolv.conf"}

// privilegedRegistry are the only registry values the helper sets.
var privilegedRegistry = []RegValue{{Root: "HKLM", Key: timesync.W32TimeKey, Name: "Type"}}

var ctlChars = regexp.MustCompile(`[\x00-\x08\x0a-\x1f]`)

// ValidatePrivileged accepts only the fixed verbs with validated arguments:
// known system tools, known system files and registry values, our own nft
// rules. Per-user work (quarantine, closing apps) is refused: the elevated
// process may be another user.
func ValidatePrivileged(a Action) error {
	switch a.Kind {
	case KindExec:
		if len(a.Argv) == 0 {
			return errors.New("empty command")
		}
		for _, s := range a.Argv {
			if ctlChars.MatchString(s) {
				return fmt.Errorf("control character in argument %q", s)
			}
		}
		check, ok := privilegedTools[a.Argv[0]]
		if !ok {
			return fmt.Errorf("program %q is not allowed", a.Argv[0])
		}
		if !check(a.Argv[1:]) {
			return fmt.Errorf("arguments of %s are not allowed: %q", a.Argv[0], a.Argv[1:])
		}
		return nil
	case KindWriteFile:
		if !slices.Contains(privilegedFiles, filepath.Clean(a.Path)) {
			return fmt.Errorf("file %q is not allowed", a.Path)
		}
		return validResolvConf(a.Data)
	case KindRegistrySet:
		if a.Reg == nil {
			return errors.New("registry action without a value")
		}
		for _, r := range privilegedRegistry {
			if strings.EqualFold(r.Root, a.Reg.Root) && strings.EqualFold(r.Key, a.Reg.Key) && strings.EqualFold(r.Name, a.Reg.Name) {
				return nil
			}
		}
		return fmt.Errorf(`registry value %s\%s\%s is not allowed`, a.Reg.Root, a.Reg.Key, a.Reg.Name)
	case KindNFTUnmark:
		if a.Chain == nil {
			return errors.New("nft action without a chain")
		}
		return firewall.ValidChain(*a.Chain)
	}
	return fmt.Errorf("action %q never runs elevated", a.Kind)
}

// ServePrivileged is the elevated side (`wpsdoctor privileged --step FILE
// --result FILE`): it validates every action before running any, runs the
// steps in order until one fails, and always writes the result file.
func ServePrivileged(ctx context.Context, stepFile, resultFile string, x *Executor) error {
	resp := PrivilegedResponse{Version: 1}
	req, err := readRequest(stepFile)
	if err == nil {
	validate:
		for _, st := range req.Steps {
			for _, a := range st {
				if err = ValidatePrivileged(a); err != nil {
					break validate
				}
			}
		}
	}
	if err != nil {
		resp.Error, resp.ExitStatus = err.Error(), 2
	} else {
		for _, st := range req.Steps {
			r := StepResult{Done: true}
			for _, a := range st {
				out, err := x.Do(ctx, req.Entry, a)
				r.Outputs = append(r.Outputs, out)
				if err != nil {
					r.Done, r.Error = false, err.Error()
					break
				}
			}
			resp.Steps = append(resp.Steps, r)
			if !r.Done {
				resp.ExitStatus = 1
				break
			}
		}
	}
	b, _ := json.MarshalIndent(resp, "", " ")
	if werr := os.WriteFile(resultFile, b, 0o644); werr != nil {
		return werr
	}
	if resp.Error != "" {
		return errors.New(resp.Error)
	}
	return nil
}

func readRequest(path string) (PrivilegedRequest, error) {
	var req PrivilegedRequest
	b, err := os.ReadFile(path)
	if err != nil {
		return req, err
	}
	if len(b) > 16<<20 {
		return req, errors.New("step file too large")
	}
	if err := json.Unmarshal(b, &req); err != nil {
		return req, fmt.Errorf("step file: %w", err)
	}
	if req.Version != 1 {
		return req, fmt.Errorf("step file version %d not supported", req.Version)
	}
	return req, nil
}

// Elevator runs steps with administrator rights.
type Elevator interface {
	RunElevated(ctx context.Context, entry string, steps [][]Action) ([]StepResult, error)
}

// HelperElevator re-runs our own binary elevated with a step file.
type HelperElevator struct {
	// Exe is our binary; empty means os.Executable().
	Exe string
	// Start starts the elevated process; nil means elevate.Run.
	Start func(ctx context.Context, exe string, args []string) error
}

// HelperArgs is the elevated helper's command line after our binary's
// path: its fixed verb and the two files, never a shell string.
func HelperArgs(stepFile, resultFile string) []string {
	return []string{"privileged", "--step", stepFile, "--result", resultFile}
}

// RunElevated writes the step file into a fresh private directory, starts
// the helper, and reads its result file. No result file after a start
// that "succeeded" means the helper never ran: reported as cancelled.
func (h HelperElevator) RunElevated(ctx context.Context, entry string, steps [][]Action) ([]StepResult, error) {
	exe := h.Exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	dir, err := os.MkdirTemp("", "wpsdoctor-priv-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	stepFile, resultFile := filepath.Join(dir, "step.json"), filepath.Join(dir, "result.json")
	b, err := json.Marshal(PrivilegedRequest{Version: 1, Entry: entry, Steps: steps})
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(stepFile, b, 0o600); err != nil {
		return nil, err
	}
	start := h.Start
	if start == nil {
		start = elevate.Run
	}
	runErr := start(ctx, exe, HelperArgs(stepFile, resultFile))
	rb, readErr := os.ReadFile(resultFile)
	if readErr != nil {
		if runErr != nil {
			return nil, runErr
		}
		return nil, elevate.ErrCancelled
	}
	var resp PrivilegedResponse
	if err := json.Unmarshal(rb, &resp); err != nil {
		return nil, fmt.Errorf("elevated helper result: %w", err)
	}
	if resp.Error != "" {
		return resp.Steps, fmt.Errorf("elevated helper refused the request: %s", resp.Error)
	}
	return resp.Steps, nil
}

// validResolvConf accepts only resolver-configuration lines, so the helper
// can never be used to write anything else into a system file.
func validResolvConf(data []byte) error {
	if len(data) > 64<<10 {
		return errors.New("resolv.conf content too large")
	}
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") || strings.HasPrefix(f[0], ";") {
			continue
		}
		switch f[0] {
		case "search", "domain", "options", "sortlist", "lookup", "family":
			continue
		case "nameserver":
			if len(f) == 2 && net.ParseIP(strings.SplitN(f[1], "%", 2)[0]) != nil {
				continue
			}
		}
		return fmt.Errorf("resolv.conf line %d is not a resolver setting: %q", i+1, line)
	}
	return nil
}
