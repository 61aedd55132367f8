package fixes

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"wpsdoctor/fixes/plan"
	"wpsdoctor/platform/command"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/proc"
)

// ErrChangedSince means a file an undo would restore was rewritten by
// someone else after the fix; it is left alone.
var ErrChangedSince = errors.New("changed by someone else since the fix; left alone")

// Runner runs one argv (never through a shell) and returns its exit code
// and combined output. err is set only when the program could not run.
type Runner func(ctx context.Context, argv []string, stdin string) (exit int, out []byte, err error)

// Executor performs actions in this process.
type Executor struct {
	OS         string
	Quarantine *Quarantine
	// Run executes argv; nil means the real system (ExecRunner).
	Run       Runner
	Processes func(ctx context.Context) ([]proc.Process, error)
	// CloseTimeout bounds waiting for WPS to close (default 30 s).
	CloseTimeout time.Duration
	// Start starts a program detached; nil means the real system
	// (proc.StartDetached). Tests fake it, so no test starts a program.
	Start func(exe string) error
}

// ExecRunner runs argv through platform/command: programs are taken from
// fixed system directories (System32 on Windows; /usr/sbin, /usr/bin,
// /sbin, /bin and the like elsewhere), never looked up through PATH.
func ExecRunner(ctx context.Context, argv []string, stdin string) (int, []byte, error) {
	r, err := command.Run(ctx, command.Cmd{Argv: argv, Stdin: stdin})
	return r.ExitCode, append(r.Stdout, r.Stderr...), err
}

// Do performs one action for journal entry.
func (x *Executor) Do(ctx context.Context, entry string, a Action) (string, error) {
	switch a.Kind {
	case KindExec:
		return x.exec(ctx, a)
	case KindWriteFile:
		return "", writeFile(a)
	case KindQuarantine:
		if x.Quarantine == nil {
			return "", errors.New("no quarantine configured")
		}
		m, err := x.Quarantine.Move(entry, a.Item, a.Path)
		return fmt.Sprintf("%d files, %d bytes", len(m.Files), m.Bytes), err
	case KindRestore:
		if x.Quarantine == nil {
			return "", errors.New("no quarantine configured")
		}
		return x.Quarantine.RestoreReport(entry, a.Item)
	case KindRegistrySet:
		if a.Reg == nil {
			return "", errors.New("registry action without a value")
		}
		return "", regSet(*a.Reg)
	case KindNFTUnmark:
		return x.nftUnmark(ctx, a)
	case KindCloseApps:
		return x.closeApps(ctx, a)
	case KindRestartApp:
		return x.restart(ctx, a)
	case KindSetMode:
		return setMode(a)
	}
	return "", fmt.Errorf("unknown action kind %q", a.Kind)
}

func (x *Executor) runner() Runner {
	if x.Run != nil {
		return x.Run
	}
	return ExecRunner
}

func (x *Executor) exec(ctx context.Context, a Action) (string, error) {
	code, out, err := x.runner()(ctx, a.Argv, a.Stdin)
	text := strings.TrimSpace(string(bytes.ToValidUTF8(out, []byte("?"))))
	if len(text) > 4000 {
		text = text[:4000] + "…"
	}
	if err != nil {
		return text, fmt.Errorf("%s: %w", a.Argv[0], err)
	}
	ok := a.OKExit
	if len(ok) == 0 {
		ok = []int{0}
	}
	if !slices.Contains(ok, code) {
		return text, fmt.Errorf("%s exited with status %d: %s", a.Argv[0], code, text)
	}
	return text, nil
}

// writeFile replaces a file's bytes in place (truncate and write, keeping
// the inode, so a bind-mounted resolv.conf works) and fsyncs it.
func writeFile(a Action) error {
	if a.IfMarker != "" {
		cur, err := os.ReadFile(a.Path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if !bytes.Contains(cur, []byte(a.IfMarker)) {
			return fmt.Errorf("%s: %w", a.Path, ErrChangedSince)
		}
	}
	if a.IfSHA256 != "" {
		cur, err := os.ReadFile(a.Path)
		if err != nil {
			return err
		}
		if sum := sha256.Sum256(cur); hex.EncodeToString(sum[:]) != a.IfSHA256 {
			return fmt.Errorf("%s: %w", a.Path, ErrChangedSince)
		}
	}
	if a.Remove {
		err := os.Remove(a.Path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	mode := fs.FileMode(a.Mode)
	if mode == 0 {
		mode = 0o644
	}
	f, err := os.OpenFile(a.Path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(a.Data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if a.MTime != nil {
		return os.Chtimes(a.Path, *a.MTime, *a.MTime)
	}
	return nil
}

// firewallChain is the platform's view of a plan's chain.
func firewallChain(c plan.NFTChain) firewall.Chain {
	return firewall.Chain{Family: c.Family, Table: c.Table, Name: c.Name}
}

func (x *Executor) nftUnmark(ctx context.Context, a Action) (string, error) {
	if a.Chain == nil {
		return "", errors.New("nft action without a chain")
	}
	chain := firewallChain(*a.Chain)
	if err := firewall.ValidChain(chain); err != nil {
		return "", err
	}
	code, out, err := x.runner()(ctx, firewall.NFTListChainArgv(chain), "")
	if err != nil || code != 0 {
		// The chain is gone: none of our rules can be left in it.
		return "chain not present", nil
	}
	handles, err := firewall.OurHandles(out, chain)
	if err != nil {
		return "", err
	}
	for _, h := range handles {
		if _, err := x.exec(ctx, Action{Kind: KindExec, Argv: firewall.NFTDeleteArgv(chain, h)}); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("removed %d rule(s)", len(handles)), nil
}

func (x *Executor) listed(ctx context.Context, names []string) ([]proc.Process, error) {
	if x.Processes == nil {
		return nil, errors.New("cannot list processes")
	}
	ps, err := x.Processes(ctx)
	if err != nil {
		return nil, err
	}
	return proc.Find(ps, names...), nil
}

func (x *Executor) closeTimeout() time.Duration {
	if x.CloseTimeout > 0 {
		return x.CloseTimeout
	}
	return 30 * time.Second
}

// closeApps waits until the programs the step asked to close have exited.
// It never kills: WPS may be asking the user whether to save.
func (x *Executor) closeApps(ctx context.Context, a Action) (string, error) {
	if len(a.PIDs) == 0 {
		return "", nil
	}
	if x.Processes == nil {
		return "", errors.New("cannot list processes")
	}
	if err := proc.WaitGone(ctx, x.Processes, a.PIDs, x.closeTimeout(), 250*time.Millisecond); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d process(es) closed", len(a.PIDs)), nil
}

// restart stops the cloud component politely and starts it again.
func (x *Executor) restart(ctx context.Context, a Action) (string, error) {
	if a.Exe == "" {
		return "", errors.New("the WPS cloud component was not found")
	}
	running, err := x.listed(ctx, a.Names)
	if err != nil {
		return "", err
	}
	// Only the cloud component of this installation (the folder of Exe).
	if i := strings.LastIndexAny(a.Exe, `/\`); i > 0 {
		running = proc.OfInstall(running, a.Exe[:i])
	}
	var pids []int
	for _, p := range running {
		pids = append(pids, p.PID)
		if _, err := x.exec(ctx, Action{Kind: KindExec, Argv: proc.TerminateArgv(x.OS, p)}); err != nil {
			return "", err
		}
	}
	if len(pids) > 0 {
		if err := proc.WaitGone(ctx, x.Processes, pids, x.closeTimeout(), 250*time.Millisecond); err != nil {
			return "", err
		}
	}
	start := x.Start
	if start == nil {
		start = func(exe string) error { return proc.StartDetached(exe) }
	}
	if err := start(a.Exe); err != nil {
		return "", err
	}
	return fmt.Sprintf("stopped %d, started %s", len(pids), a.Exe), nil
}
