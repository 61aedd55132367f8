package app

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeBundle builds a preview whose zip holds one file, and records the
// language it was asked for.
type fakeBundle struct {
	lang  string
	modes []RedactMode
	err   error
}

func (f *fakeBundle) build(ctx context.Context, lang string, mode RedactMode) (*BundlePreview, error) {
	f.lang = lang
	f.modes = append(f.modes, mode)
	if f.err != nil {
		return nil, f.err
	}
	return &BundlePreview{
		Files: []BundleFile{
			{Name: "README.txt", About: "what every file holds"},
			{Name: "summary.md", About: "the summary"},
		},
		Summary: "# Summary\n\nThe clock is off by <USER> (" + string(mode) + ")",
		Code:    "K7Q-4MX",
		Write: func(w io.Writer) error {
			z := zip.NewWriter(w)
			fw, err := z.Create("README.txt")
			if err != nil {
				return err
			}
			io.WriteString(fw, "readme")
			return z.Close()
		},
	}, nil
}

func TestBundlePreviewThenSave(t *testing.T) {
	docs := t.TempDir()
	fb := &fakeBundle{}
	w := newTestWindow(t, Deps{Bundle: fb.build, Documents: docs}, "en")
	if got := texts(w.overview); !strings.Contains(got, "[Save support bundle…]") {
		t.Errorf("overview lacks the bundle button:\n%s", got)
	}
	if got := texts(w.bundlePage); strings.Contains(got, "Files in the bundle") {
		t.Errorf("got a preview before asking for one:\n%s", got)
	}
	w.ShowBundle()
	w.settleUI()
	if got := w.tabs.SelectedIndex(); got != 3 {
		t.Errorf("selected tab: got %d, want 3 (support bundle)", got)
	}
	if fb.lang != "en" {
		t.Errorf("bundle language: got %q, want en", fb.lang)
	}
	got := texts(w.bundlePage)
	for _, want := range []string{
		"Files in the bundle",
		"README.txt — what every file holds",
		"summary.md — the summary",
		"# Summary\n\nThe clock is off by <USER> (default)",
		"[Save as…]", "[Save to Documents]",
		"Support code: K7Q-4MX",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("preview lacks %q:\n%s", want, got)
		}
	}
	if entries, _ := os.ReadDir(docs); len(entries) != 0 {
		t.Fatalf("got %d files before saving, want none: the preview writes nothing", len(entries))
	}

	path := w.DefaultBundlePath()
	if want := filepath.Join(docs, "wpsdoctor-support-K7Q-4MX.zip"); path != want {
		t.Fatalf("default path: got %q, want %q", path, want)
	}
	w.SaveBundleTo(path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
		t.Errorf("saved file is not a zip: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode: got %v, want 0600", fi.Mode().Perm())
	}
	if got := texts(w.bundlePage); !strings.Contains(got, "Saved to "+path) || !strings.Contains(got, "Support code: K7Q-4MX") {
		t.Errorf("after saving: got\n%s\nwant the path and the support code", got)
	}

	// A second save to the same path never overwrites.
	w.SaveBundleTo(path)
	if got := texts(w.bundlePage); !strings.Contains(got, "exists already") {
		t.Errorf("saving over an existing file: got\n%s\nwant \"exists already\"", got)
	}
}

func TestBundleChineseAndErrors(t *testing.T) {
	tests := []struct {
		name string
		deps func() Deps
		lang string
		want []string
		not  []string
	}{
		{"zh-CN preview", func() Deps { return Deps{Bundle: (&fakeBundle{}).build} }, "zh-CN",
			[]string{"支持包中的文件", "支持码：K7Q-4MX", "[另存为…]"}, nil},
		{"build fails", func() Deps { return Deps{Bundle: (&fakeBundle{err: errors.New("no state dir")}).build} }, "en",
			[]string{"no state dir"}, []string{"Files in the bundle"}},
		{"no bundle dep", func() Deps { return Deps{} }, "en",
			[]string{"Support bundles are not available in this window."}, []string{"Files in the bundle"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newTestWindow(t, tc.deps(), tc.lang)
			w.ShowBundle()
			w.settleUI()
			got := texts(w.bundlePage)
			for _, want := range tc.want {
				if !strings.Contains(got, want) {
					t.Errorf("got\n%s\nwant %q", got, want)
				}
			}
			for _, not := range tc.not {
				if strings.Contains(got, not) {
					t.Errorf("got\n%s\nwant no %q", got, not)
				}
			}
		})
	}
}

func TestFooterShowsSupportContact(t *testing.T) {
	support := func(lang string) []SupportContact {
		if lang == "zh-CN" {
			return []SupportContact{{Name: "WPS 客服（中国大陆）", URL: "https://www.wps.cn/support"}}
		}
		return []SupportContact{{Name: "Example IT", Contact: "it@example.com", URL: "https://it.example.com/help"}}
	}
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{"Support: Example IT · it@example.com", "<https://it.example.com/help>"}},
		{"zh-CN", []string{"技术支持：WPS 客服（中国大陆）", "<https://www.wps.cn/support>"}},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			w := newTestWindow(t, Deps{Support: support}, tc.lang)
			got := texts(w.footer)
			for _, want := range tc.want {
				if !strings.Contains(got, want) {
					t.Errorf("footer: got\n%s\nwant %q", got, want)
				}
			}
		})
	}
	w := newTestWindow(t, Deps{Support: func(string) []SupportContact {
		return []SupportContact{{Name: "x", URL: "javascript:alert(1)"}}
	}}, "en")
	if got := texts(w.footer); strings.Contains(got, "javascript") {
		t.Errorf("footer: got a link for a non-web URL:\n%s", got)
	}
}
