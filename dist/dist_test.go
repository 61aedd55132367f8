package dist

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// shell runs script with dist/lib.sh sourced (repo = the module root) and
// returns its standard output.
func shell(t *testing.T, env []string, script string) (string, error) {
	t.Helper()
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "-c", `set -euo pipefail; here=$PWD; . ./lib.sh; `+script)
	cmd.Env = append(append(os.Environ(), "repo="+repo), env...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err = cmd.Run()
	if err != nil {
		err = fmt.Errorf("%v: %s", err, stderr.String())
	}
	return out.String(), err
}

// fyneDetail reads a [Details] value of FyneApp.toml the plain way.
func fyneDetail(t *testing.T, key string) string {
	t.Helper()
	b, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*` + key + `\s*=\s*"?([^"\n]*)"?\s*$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("FyneApp.toml: no %s", key)
	}
	return string(m[1])
}

func TestFyneAppComplete(t *testing.T) {
	for _, k := range []string{"Name", "ID", "Version", "Build", "Icon"} {
		if fyneDetail(t, k) == "" {
			t.Errorf("FyneApp.toml: Details.%s empty", k)
		}
	}
	if _, err := os.Stat(filepath.Join("..", fyneDetail(t, "Icon"))); err != nil {
		t.Errorf("FyneApp.toml icon: %v", err)
	}
}

// TestVersions: git describe → package version and Windows' four-part
// version; package versions order as dpkg orders them.
func TestVersions(t *testing.T) {
	base, build := fyneDetail(t, "Version"), fyneDetail(t, "Build")
	tests := []struct{ describe, pkg, win string }{
		{"v0.2.0", "0.2.0", "0.2.0." + build},
		{"0.2.0", "0.2.0", "0.2.0." + build},
		{"v0.2.0-3-gabc1234", "0.2.0+git.3.gabc1234", "0.2.0." + build},
		{"v0.2.0-3-gabc1234-dirty", "0.2.0+git.3.gabc1234.dirty", "0.2.0." + build},
		{"e555bc7", base + "~git.e555bc7", base + "." + build},
		{"e555bc7-dirty", base + "~git.e555bc7.dirty", base + "." + build},
	}
	for _, tt := range tests {
		t.Run(tt.describe, func(t *testing.T) {
			out, err := shell(t, []string{"VERSION=" + tt.describe}, `versions; echo "$PRODUCT_VERSION $VERSION4"`)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(out); got != tt.pkg+" "+tt.win {
				t.Errorf("got %q, want %q", got, tt.pkg+" "+tt.win)
			}
		})
	}
	for _, bad := range []string{"v1.2.3;rm -rf", "$(id)", "v1.2.3 x"} {
		t.Run("refuses "+bad, func(t *testing.T) {
			if out, err := shell(t, []string{"VERSION=" + bad}, `versions; echo "$PRODUCT_VERSION"`); err == nil {
				t.Errorf("got %q and no error, want a refusal", out)
			}
		})
	}
	if _, err := exec.LookPath("dpkg"); err != nil {
		return
	}
	order := []string{"0.2.0~git.e555bc7", "0.2.0", "0.2.0+git.3.gabc1234", "0.2.1"}
	for i := 0; i+1 < len(order); i++ {
		if err := exec.Command("dpkg", "--compare-versions", order[i], "lt", order[i+1]).Run(); err != nil {
			t.Errorf("dpkg: got %s not before %s", order[i], order[i+1])
		}
	}
}

// render renders a template through lib.sh's render, as dist.sh does.
func render(t *testing.T, tmpl string, kv ...string) ([]byte, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), filepath.Base(strings.TrimSuffix(tmpl, ".in")))
	args := ""
	for _, a := range kv {
		args += " " + shellQuote(a)
	}
	if _, err := shell(t, nil, "render "+shellQuote(tmpl)+" "+shellQuote(out)+args); err != nil {
		return nil, err
	}
	return os.ReadFile(out)
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func TestRenderRefusesUnfilled(t *testing.T) {
	if _, err := render(t, "macos/Info.plist.in", "ID=x", "NAME=y"); err == nil || !strings.Contains(err.Error(), "placeholders left unfilled") {
		t.Errorf("got %v, want a refusal naming the unfilled placeholders", err)
	}
	b, err := render(t, "macos/distribution.xml.in", "ID=io.x", "NAME=A & B | C", "VERSION=1.0")
	if err != nil || !bytes.Contains(b, []byte("<title>A & B | C 1.0</title>")) {
		t.Errorf("got %v %s, want & and | kept literally", err, b)
	}
}

// plist decodes a property list's top-level dict into Go values
// (string, bool, int as string, []any, map[string]any).
func plist(t *testing.T, b []byte) map[string]any {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("plist: %v\n%s", err, b)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "dict" {
			v, err := plistValue(d, se)
			if err != nil {
				t.Fatalf("plist: %v\n%s", err, b)
			}
			return v.(map[string]any)
		}
	}
}

func plistValue(d *xml.Decoder, se xml.StartElement) (any, error) {
	switch se.Name.Local {
	case "true", "false":
		return se.Name.Local == "true", d.Skip()
	case "string", "integer", "key":
		var s string
		err := d.DecodeElement(&s, &se)
		return s, err
	case "array", "dict":
		var items []any
		for {
			tok, err := d.Token()
			if err != nil {
				return nil, err
			}
			switch tk := tok.(type) {
			case xml.StartElement:
				v, err := plistValue(d, tk)
				if err != nil {
					return nil, err
				}
				items = append(items, v)
			case xml.EndElement:
				if se.Name.Local == "array" {
					return items, nil
				}
				return pairs(items)
			}
		}
	}
	return nil, fmt.Errorf("unexpected <%s>", se.Name.Local)
}

func pairs(items []any) (map[string]any, error) {
	if len(items)%2 != 0 {
		return nil, errors.New("dict: a key without a value")
	}
	m := map[string]any{}
	for i := 0; i < len(items); i += 2 {
		k, ok := items[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", items[i])
		}
		m[k] = items[i+1]
	}
	return m, nil
}

func TestMacOSTemplates(t *testing.T) {
	id, name := fyneDetail(t, "ID"), fyneDetail(t, "Name")
	b, err := render(t, "macos/Info.plist.in", "ID="+id, "NAME="+name, "VERSION=0.2.0", "BUILD=7")
	if err != nil {
		t.Fatal(err)
	}
	info := plist(t, b)
	for k, want := range map[string]any{
		"CFBundleIdentifier": id, "CFBundleExecutable": "wpsdoctor-tray", "CFBundleName": name,
		"CFBundleShortVersionString": "0.2.0", "CFBundleVersion": "7", "CFBundlePackageType": "APPL",
		"CFBundleIconFile": "icon.icns", "LSUIElement": true, "NSHighResolutionCapable": true,
	} {
		if got := info[k]; got != want {
			t.Errorf("Info.plist %s: got %v, want %v", k, got, want)
		}
	}
	b, err = render(t, "macos/io.github.wpssyncdoctor.agent.plist.in", "LABEL="+id+".agent", "WPSDOCTOR=/usr/local/bin/wpsdoctor")
	if err != nil {
		t.Fatal(err)
	}
	agent := plist(t, b)
	if agent["Label"] != id+".agent" || agent["RunAtLoad"] != true {
		t.Errorf("LaunchDaemon: got Label %v RunAtLoad %v", agent["Label"], agent["RunAtLoad"])
	}
	if args := fmt.Sprint(agent["ProgramArguments"]); args != "[/usr/local/bin/wpsdoctor service run]" {
		t.Errorf("LaunchDaemon ProgramArguments: got %s, want [/usr/local/bin/wpsdoctor service run]", args)
	}
	b, err = render(t, "macos/distribution.xml.in", "ID="+id, "NAME="+name, "VERSION=0.2.0")
	if err != nil {
		t.Fatal(err)
	}
	var dist struct {
		Title  string `xml:"title"`
		PkgRef []struct {
			ID   string `xml:"id,attr"`
			Path string `xml:",chardata"`
		} `xml:"pkg-ref"`
		Options struct {
			Arch string `xml:"hostArchitectures,attr"`
		} `xml:"options"`
	}
	if err := xml.Unmarshal(b, &dist); err != nil {
		t.Fatal(err)
	}
	refs := len(dist.PkgRef)
	if refs != 1 || dist.PkgRef[0].Path != "wpsdoctor-component.pkg" || dist.Options.Arch != "x86_64,arm64" {
		t.Errorf("distribution.xml: got %d pkg-refs %+v, arch %q", refs, dist.PkgRef, dist.Options.Arch)
	}
}

// desktop parses a .desktop file's [Desktop Entry] into key → value.
func desktop(t *testing.T, b []byte) map[string]string {
	t.Helper()
	m := map[string]string{}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "[Desktop Entry]" {
		t.Fatalf("desktop file: first line %q", lines[0])
	}
	for _, l := range lines[1:] {
		k, v, ok := strings.Cut(l, "=")
		if !ok || k == "" {
			t.Fatalf("desktop file: line %q is not key=value", l)
		}
		if _, dup := m[k]; dup {
			t.Fatalf("desktop file: %s twice", k)
		}
		m[k] = v
	}
	return m
}

func TestLinuxDesktopFiles(t *testing.T) {
	id := fyneDetail(t, "ID")
	meta := []string{"NAME=WPS Sync Doctor", "ID=" + id, "GENERIC=g", "COMMENT=c", "CATEGORIES=Utility;Network;", "KEYWORDS=WPS;sync;"}
	for _, tt := range []struct {
		tmpl string
		want map[string]string
	}{
		{"linux/io.github.wpssyncdoctor.desktop.in", map[string]string{"Exec": "/usr/bin/wpsdoctor-tray", "Icon": id, "Categories": "Utility;Network;", "Type": "Application"}},
		{"linux/autostart.desktop.in", map[string]string{"Exec": "/usr/bin/wpsdoctor-tray", "NoDisplay": "true", "Type": "Application"}},
	} {
		t.Run(tt.tmpl, func(t *testing.T) {
			b, err := render(t, tt.tmpl, meta...)
			if err != nil {
				t.Fatal(err)
			}
			m := desktop(t, b)
			for k, v := range tt.want {
				if m[k] != v {
					t.Errorf("%s: got %q, want %q", k, m[k], v)
				}
			}
			if !strings.Contains(m["Name[zh_CN]"], "同步医生") || m["Comment[zh_CN]"] == "" {
				t.Errorf("zh_CN: got Name %q Comment %q", m["Name[zh_CN]"], m["Comment[zh_CN]"])
			}
		})
	}
}

// TestScriptsParse: every script of dist/ parses (sh -n / bash -n), and the
// maintainer scripts are POSIX sh that guard systemctl behind a running systemd.
func TestScriptsParse(t *testing.T) {
	for _, s := range []struct{ shell, path string }{
		{"bash", "dist.sh"}, {"bash", "lib.sh"}, {"bash", "windows.sh"}, {"bash", "linux.sh"}, {"bash", "macos.sh"},
		{"bash", "sign.sh"}, {"bash", "verify.sh"}, {"bash", "macos/release.sh"},
		{"sh", "linux/postinst"}, {"sh", "linux/prerm"}, {"sh", "linux/postrm"},
		{"sh", "macos/scripts/preinstall"}, {"sh", "macos/scripts/postinstall"},
	} {
		t.Run(s.path, func(t *testing.T) {
			if out, err := exec.Command(s.shell, "-n", s.path).CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", s.shell, err, out)
			}
			b, _ := os.ReadFile(s.path)
			if s.shell == "sh" && bytes.Contains(b, []byte("systemctl")) && !bytes.Contains(b, []byte("[ -d /run/systemd/system ]")) {
				t.Errorf("calls systemctl without checking that systemd runs")
			}
		})
	}
}

// TestReleaseWorkflow: the workflow parses, builds on Debian and macOS,
// signs and notarises through release.sh, and every secret it reads is
// documented in the README's "Releasing" section.
func TestReleaseWorkflow(t *testing.T) {
	b, err := os.ReadFile("../.github/workflows/release.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Name        string
		On          map[string]any `yaml:"on"`
		Permissions map[string]string
		Jobs        map[string]struct {
			If          string
			RunsOn      string `yaml:"runs-on"`
			Container   string `yaml:"container"`
			Needs       []string
			Permissions map[string]string
			Steps       []struct {
				Name string
				If   string
				Uses string
				With map[string]any
				Run  string
				Env  map[string]string
			}
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&wf); err != nil && err != io.EOF {
		t.Fatalf("release.yml: %v", err)
	}
	if fmt.Sprint(wf.On["push"]) != "map[tags:[v*]]" {
		t.Errorf("on.push: got %v, want tags v*", wf.On["push"])
	}
	runs := map[string]string{}
	for name, j := range wf.Jobs {
		for _, s := range j.Steps {
			runs[name] += s.Run + "\n"
		}
	}
	if j := wf.Jobs["macos"]; !strings.HasPrefix(j.RunsOn, "macos-") || !strings.Contains(runs["macos"], "dist/macos/release.sh") {
		t.Errorf("macos job: got runs-on %q, want a macOS runner running dist/macos/release.sh", j.RunsOn)
	}
	if j := wf.Jobs["linux-windows"]; j.Container != "debian:12" || !strings.Contains(runs["linux-windows"], "make dist") {
		t.Errorf("linux-windows job: got container %q, want debian:12 running make dist", j.Container)
	}
	if p := wf.Jobs["publish"]; !slices.Equal(p.Needs, []string{"linux-windows", "macos"}) {
		t.Errorf("publish: got needs %v", p.Needs)
	}
	rel, err := os.ReadFile("macos/release.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"codesign --force --options runtime --timestamp", "productbuild --distribution", "--sign",
		"notarytool submit", "--wait", "stapler staple", "lipo -create", "pkgbuild --root"} {
		if !bytes.Contains(rel, []byte(want)) {
			t.Errorf("release.sh: %q missing", want)
		}
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Releasing")
	if !ok {
		t.Fatal(`README.md: no "## Releasing" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	secrets := regexp.MustCompile(`secrets\.([A-Z0-9_]+)`).FindAllStringSubmatch(string(b), -1)
	if len(secrets) < 8 {
		t.Errorf("release.yml: got %d secrets, want the Windows and macOS signing ones", len(secrets))
	}
	for _, m := range secrets {
		if !strings.Contains(section, "`"+m[1]+"`") {
			t.Errorf("secret %s is not documented in README's Releasing section", m[1])
		}
	}
}
