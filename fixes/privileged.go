package fixes

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"wpsdoctor/platform/elevate"
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

// maxStepFile bounds the step file the helper reads.
const maxStepFile = 16 << 20

// ServePrivileged is the elevated side (`wpsdoctor privileged --step FILE
// --result FILE`). Both files must be plain names in one private directory
// (see openPrivDir): the result is created fresh there, never through a
// link, before anything runs; a refused path means nothing is written and
// nothing runs. It validates every action before running any, runs the
// steps in order until one fails, and writes the result file.
func ServePrivileged(ctx context.Context, stepFile, resultFile string, x *Executor) error {
	dir, stepName, resultName, err := privilegedPaths(stepFile, resultFile)
	if err != nil {
		return err
	}
	d, err := openPrivDir(dir)
	if err != nil {
		return fmt.Errorf("refusing the helper's directory: %w", err)
	}
	defer d.Close()
	out, err := d.createResult(resultName)
	if err != nil {
		return fmt.Errorf("refusing the result file: %w", err)
	}
	defer out.Close()

	var resp PrivilegedResponse
	b, err := d.readStep(stepName, maxStepFile)
	if err == nil {
		var req PrivilegedRequest
		if req, err = DecodePrivilegedRequest(b); err == nil {
			resp = RunPrivileged(ctx, req, x)
		}
	}
	if err != nil {
		resp = PrivilegedResponse{Version: 1, ExitStatus: 2, Error: err.Error()}
	}
	b, _ = json.MarshalIndent(resp, "", " ")
	if _, werr := out.Write(b); werr != nil {
		return werr
	}
	if werr := out.Close(); werr != nil {
		return werr
	}
	if resp.Error != "" {
		return errors.New(resp.Error)
	}
	return nil
}

// DecodePrivilegedRequest parses a step file and validates every action in
// it; a request is run only when all of it is acceptable.
func DecodePrivilegedRequest(b []byte) (PrivilegedRequest, error) {
	var req PrivilegedRequest
	if len(b) > maxStepFile {
		return req, errors.New("step file too large")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return PrivilegedRequest{}, fmt.Errorf("step file: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return PrivilegedRequest{}, errors.New("step file: data after the request")
	}
	if err := ValidatePrivilegedRequest(req); err != nil {
		return PrivilegedRequest{}, err
	}
	return req, nil
}

// ValidatePrivilegedRequest is the one check of a whole privileged request,
// shared by the privileged verb and the agent service: the version, then
// every action of every step by ValidatePrivileged. A request runs only
// when all of it is acceptable.
func ValidatePrivilegedRequest(req PrivilegedRequest) error {
	if req.Version != 1 {
		return fmt.Errorf("request version %d not supported", req.Version)
	}
	for _, st := range req.Steps {
		for _, a := range st {
			if err := ValidatePrivileged(a); err != nil {
				return err
			}
		}
	}
	return nil
}

// RunPrivileged runs a validated request's steps in order with x until one
// fails (the privileged verb and the agent service both run through it).
// A file is always written with the helper's mode, never the request's.
func RunPrivileged(ctx context.Context, req PrivilegedRequest, x *Executor) PrivilegedResponse {
	resp := PrivilegedResponse{Version: 1}
	for _, st := range req.Steps {
		r := StepResult{Done: true}
		for _, a := range st {
			if a.Kind == KindWriteFile {
				a.Mode = PrivilegedFileMode // the helper's, never the request's
			}
			text, err := x.Do(ctx, req.Entry, a)
			r.Outputs = append(r.Outputs, text)
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
	return resp
}

// privilegedPaths splits the step and result paths: both plain names in
// the same directory.
func privilegedPaths(stepFile, resultFile string) (dir, step, result string, err error) {
	if !filepath.IsAbs(stepFile) || !filepath.IsAbs(resultFile) {
		return "", "", "", errors.New("the step and result files must be absolute paths")
	}
	dir, step = filepath.Split(filepath.Clean(stepFile))
	rdir, result := filepath.Split(filepath.Clean(resultFile))
	if filepath.Clean(dir) != filepath.Clean(rdir) {
		return "", "", "", errors.New("the step and result files must be in the same directory")
	}
	for _, n := range []string{step, result} {
		if n == "" || n == "." || n == ".." || strings.ContainsAny(n, `/\`) {
			return "", "", "", fmt.Errorf("%q is not a plain file name", n)
		}
	}
	if step == result {
		return "", "", "", errors.New("the step and result files must differ")
	}
	return filepath.Clean(dir), step, result, nil
}

// Elevator runs steps with administrator rights.
type Elevator interface {
	RunElevated(ctx context.Context, entry string, steps [][]Action) ([]StepResult, error)
}

// ViaElevator is an Elevator that also says which way it ran the steps
// ("agent" or "prompt"); a plain Elevator is an administrator prompt.
type ViaElevator interface {
	RunElevatedVia(ctx context.Context, entry string, steps [][]Action) ([]StepResult, string, error)
}

// HelperElevator re-runs our own binary elevated with a step file.
type HelperElevator struct {
	// Exe is our binary; empty means os.Executable().
	Exe string
	// Start starts the elevated process; nil means elevate.Run.
	Start func(ctx context.Context, exe string, args []string) error
}

// ErrNoResult: the elevated helper started but wrote no result file, so it
// ran nothing (it refuses a step or result path it cannot trust).
var ErrNoResult = errors.New("the administrator helper ran but wrote no result, so nothing was changed")

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
		// The mechanisms report a dismissed prompt themselves (pkexec 126,
		// UAC and cocoasudo failing): a helper that ran but wrote nothing
		// refused its files, and nothing was run.
		return nil, ErrNoResult
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
