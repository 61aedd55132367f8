package product

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"wpsdoctor/fixes"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/report"
)

// BundleOptions say how to gather a support bundle's input.
type BundleOptions struct {
	Lang       string
	Mode       report.Mode
	Time       time.Time
	PolicyPath string // the organisation's policy file (report.PolicyPath)
	Progress   func(done, total int, f health.Finding)
}

// BundleInput gathers what the support bundle holds: a full diagnosis,
// the WPS installation, the journal and history, the app's logs and whom
// to ask. Both programs (wpsdoctor report, the window) use it.
func (p *Product) BundleInput(ctx context.Context, o BundleOptions) (report.BundleInput, error) {
	rep, err := p.Diagnose(ctx, health.Options{Lang: o.Lang, Progress: o.Progress})
	if err != nil {
		return report.BundleInput{}, err
	}
	rep.Localize(o.Lang, i18n.T)
	in := report.BundleInput{
		Report: rep, Lang: o.Lang, Mode: o.Mode, Time: o.Time,
		Roots:     p.Sharing(false),
		KeepHosts: report.CatalogHosts(p.Catalog),
		HostNames: hostNames(),
		Catalogue: p.Catalog.Source,
		StateDir:  p.Locations.State,
	}
	family := ""
	if inst, err := p.Install(); err != nil {
		in.InstallErr = err
	} else {
		in.Install = &inst
		if inst.Found {
			family = string(inst.ServiceFamily())
		}
	}
	if p.Locations.State != "" {
		jp := p.Locations.Journal()
		if data, cut, err := readTail(jp, report.MaxJournalBytes); err == nil {
			in.Journal, in.JournalCut = data, cut
			j := &fixes.Journal{Path: jp}
			if entries, err := j.Entries(); err == nil {
				for _, e := range entries {
					in.History = append(in.History, report.HistoryEntry{ID: e.ID, Time: e.Time, Fix: e.Fix, State: e.State,
						Outcome: string(e.Outcome), Pending: e.Pending(), Error: e.Error})
				}
			}
		}
		in.Logs = appLogs(p.Locations.State)
	}
	in.PolicyPath = o.PolicyPath
	pol, found, perr := report.LoadPolicy(in.PolicyPath)
	in.PolicyErr = perr
	in.Support = report.SupportContacts(pol, found, p.Catalog, family)
	return in, nil
}

// appLogs are the app's own log files in the state directory: *.log and
// their rotated copies (*.log.1 …), regular files only, newest part of
// each.
func appLogs(dir string) []report.LogFile {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		base, rot, _ := strings.Cut(n, ".log")
		if base == "" || !strings.Contains(n, ".log") || (rot != "" && strings.Trim(rot, ".0123456789") != "") {
			continue
		}
		if e.Type().IsRegular() {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out []report.LogFile
	for _, n := range names {
		data, cut, err := readTail(filepath.Join(dir, n), report.MaxLogBytes)
		if err != nil {
			continue
		}
		out = append(out, report.LogFile{Name: n, Data: data, Cut: cut})
	}
	return out
}

// readTail reads at most max bytes from the end of a regular file (never
// through a link), from the start of a line.
func readTail(path string, max int) ([]byte, bool, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, false, err
	}
	if !fi.Mode().IsRegular() {
		return nil, false, fmt.Errorf("%s: not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	if size := fi.Size(); size > int64(max) {
		if _, err := f.Seek(size-int64(max)-1, io.SeekStart); err != nil {
			return nil, false, err
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return nil, false, err
	}
	data, cut := report.Tail(data, max)
	return bytes.Clone(data), cut, nil
}

// hostNames are this computer's names, hidden by --redact strict.
func hostNames() []string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return nil
	}
	out := []string{h}
	if short, _, ok := strings.Cut(h, "."); ok && short != "" {
		out = append(out, short)
	}
	return out
}
