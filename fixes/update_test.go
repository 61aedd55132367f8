package fixes

import (
	"context"
	"errors"
	"slices"
	"testing"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/platform/wps"
)

func TestUpdatePlanPerOS(t *testing.T) {
	want := map[string][]string{
		"windows": {"rundll32.exe", "url.dll,FileProtocolHandler", "https://www.wps.com/download/"},
		"darwin":  {"/usr/bin/open", "https://www.wps.com/download/"},
		"linux":   {"xdg-open", "https://www.wps.com/download/"},
	}
	for goos, argv := range want {
		env := &Env{OS: goos, Catalog: catalog.Default(), Install: func() (wps.Install, error) {
			return wps.Install{Found: true, Edition: wps.EditionInternational}, nil
		}}
		var update Fix
		for _, f := range Catalogue() {
			if f.ID == health.FixUpdate {
				update = f
			}
		}
		p, err := update.Plan(context.Background(), env)
		if err != nil || p.Refusal != nil || len(p.Steps) != 1 {
			t.Fatalf("%s: plan %+v, %v", goos, p, err)
		}
		if got := p.Steps[0].Actions[0].Argv; !slices.Equal(got, argv) {
			t.Errorf("%s: argv %q, want %q", goos, got, argv)
		}
		if p.NeedsElevation() {
			t.Errorf("%s: opening a page must not elevate", goos)
		}
	}
	// Mainland installs (and unknown ones) go to the mainland page.
	env := &Env{OS: "linux", Catalog: catalog.Default(), Install: func() (wps.Install, error) { return wps.Install{}, nil }}
	p, _ := planUpdate(context.Background(), env)
	if got := p.Steps[0].Actions[0].Argv[1]; got != "https://www.wps.cn/" {
		t.Errorf("default family page = %q", got)
	}
}

// TestCatalogueMatchesFixIDs: every fix a finding may suggest exists, and
// every fix in the catalogue has a stable ID and both translations' keys.
func TestCatalogueMatchesFixIDs(t *testing.T) {
	var ids []string
	for _, f := range Catalogue() {
		ids = append(ids, f.ID)
	}
	if !slices.Equal(ids, health.FixIDs) {
		t.Errorf("catalogue %v != health.FixIDs %v", ids, health.FixIDs)
	}
}

func TestUndoLastWithEmptyJournal(t *testing.T) {
	e, err := NewEngine(t.TempDir(), &Env{OS: "linux", Catalog: catalog.Default()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Undo(context.Background(), "last", nil); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo last on an empty journal: %v", err)
	}
	if _, err := e.Undo(context.Background(), "20260101-abc", nil); !errors.Is(err, ErrUnknownEntry) {
		t.Fatalf("undo unknown entry: %v", err)
	}
}
