//go:build linux

package fixes

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// These tests use only ServePrivileged and the Executor, the API the
// helper had before the result-file rules, so they run against it too.

const nobodyUID = 65534

// privSetup is one helper directory: dir (mode 0700, root's), a valid
// step file in it, and where the result goes.
type privSetup struct {
	dir, step, result string
	ran               *[][]string
	x                 *Executor
}

func newPrivSetup(t *testing.T) privSetup {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: the helper's ownership rules are tested with chown")
	}
	t.Setenv("PKEXEC_UID", "")
	t.Setenv("SUDO_UID", "")
	dir := filepath.Join(t.TempDir(), "wpsdoctor-priv-x")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	s := privSetup{dir: dir, step: filepath.Join(dir, "step.json"), result: filepath.Join(dir, "result.json"), ran: new([][]string)}
	b, _ := json.Marshal(PrivilegedRequest{Version: 1, Entry: "e", Steps: [][]Action{{{Kind: KindExec, Argv: []string{"chronyc", "makestep"}}}}})
	if err := os.WriteFile(s.step, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s.x = &Executor{OS: "linux", Run: func(_ context.Context, argv []string, _ string) (int, []byte, error) {
		*s.ran = append(*s.ran, argv)
		return 0, nil, nil
	}}
	return s
}

// victim is a root-owned file outside the helper's directory.
func victim(t *testing.T) (string, []byte) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "root-only")
	content := []byte("root's own content\n")
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p, content
}

func chownTree(t *testing.T, uid int, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if err := os.Lchown(p, uid, uid); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHelperRefusesUnsafeResultPaths(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, s *privSetup) (check func(t *testing.T))
	}{
		{"result is a symlink to a root-owned file", func(t *testing.T, s *privSetup) func(*testing.T) {
			v, content := victim(t)
			if err := os.Symlink(v, s.result); err != nil {
				t.Fatal(err)
			}
			return func(t *testing.T) {
				if got, _ := os.ReadFile(v); string(got) != string(content) {
					t.Errorf("the link target was written: got %q, want %q", got, content)
				}
			}
		}},
		{"result is a hard link to a root-owned file", func(t *testing.T, s *privSetup) func(*testing.T) {
			v, content := victim(t)
			if err := os.Link(v, s.result); err != nil {
				t.Skipf("hard link across directories: %v", err)
			}
			return func(t *testing.T) {
				if got, _ := os.ReadFile(v); string(got) != string(content) {
					t.Errorf("the linked file was written: got %q, want %q", got, content)
				}
			}
		}},
		{"result file already exists", func(t *testing.T, s *privSetup) func(*testing.T) {
			os.WriteFile(s.result, []byte("old"), 0o644)
			return func(t *testing.T) {
				if got, _ := os.ReadFile(s.result); string(got) != "old" {
					t.Errorf("existing result overwritten: got %q, want %q", got, "old")
				}
			}
		}},
		{"directory mode 0755", func(t *testing.T, s *privSetup) func(*testing.T) {
			os.Chmod(s.dir, 0o755)
			return nil
		}},
		{"directory mode 0770", func(t *testing.T, s *privSetup) func(*testing.T) {
			os.Chmod(s.dir, 0o770)
			return nil
		}},
		{"directory owned by another user", func(t *testing.T, s *privSetup) func(*testing.T) {
			chownTree(t, nobodyUID, s.dir, s.step)
			return nil
		}},
		{"directory is a symlink", func(t *testing.T, s *privSetup) func(*testing.T) {
			link := s.dir + "-link"
			if err := os.Symlink(s.dir, link); err != nil {
				t.Fatal(err)
			}
			s.step, s.result = filepath.Join(link, "step.json"), filepath.Join(link, "result.json")
			return nil
		}},
		{"step and result in different directories", func(t *testing.T, s *privSetup) func(*testing.T) {
			other := filepath.Join(filepath.Dir(s.dir), "other")
			os.Mkdir(other, 0o700)
			s.result = filepath.Join(other, "result.json")
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newPrivSetup(t)
			check := tc.prepare(t, &s)
			before, _ := os.Lstat(s.result)
			err := ServePrivileged(context.Background(), s.step, s.result, s.x)
			if err == nil {
				t.Error("got no error, want the result path refused")
			}
			if len(*s.ran) != 0 {
				t.Errorf("ran %q, want nothing run when the result path is refused", *s.ran)
			}
			after, _ := os.Lstat(s.result)
			if before == nil && after != nil {
				t.Errorf("a result file was created at a refused path")
			}
			if check != nil {
				check(t)
			}
		})
	}
}

// A step file that links to a root-only file is not read: its bytes never
// reach the (caller-readable) result.
func TestHelperRefusesLinkedStepFile(t *testing.T) {
	s := newPrivSetup(t)
	v := filepath.Join(t.TempDir(), "shadow")
	os.WriteFile(v, []byte(`{"version":1,"entry":"SECRET-TOKEN","steps":[]}`), 0o600)
	os.Remove(s.step)
	if err := os.Symlink(v, s.step); err != nil {
		t.Fatal(err)
	}
	err := ServePrivileged(context.Background(), s.step, s.result, s.x)
	b, _ := os.ReadFile(s.result)
	if err == nil || strings.Contains(string(b), "SECRET-TOKEN") {
		t.Errorf("got err %v and result %q, want a refusal that reveals nothing of the linked file", err, b)
	}
}

func TestHelperResultFileIsPrivateToTheCaller(t *testing.T) {
	for _, tc := range []struct {
		name  string
		owner int
		env   map[string]string
	}{
		{"root calls directly", 0, nil},
		{"sudo from nobody", nobodyUID, map[string]string{"SUDO_UID": "65534"}},
		{"pkexec from nobody", nobodyUID, map[string]string{"PKEXEC_UID": "65534"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newPrivSetup(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			chownTree(t, tc.owner, s.dir, s.step)
			if err := ServePrivileged(context.Background(), s.step, s.result, s.x); err != nil {
				t.Fatalf("got %v, want the request served", err)
			}
			fi, err := os.Lstat(s.result)
			if err != nil {
				t.Fatal(err)
			}
			st := fi.Sys().(*syscall.Stat_t)
			if fi.Mode() != 0o600 || int(st.Uid) != tc.owner || int(st.Gid) != tc.owner {
				t.Errorf("result is %v owned by %d:%d, want -rw------- owned by %d:%d", fi.Mode(), st.Uid, st.Gid, tc.owner, tc.owner)
			}
			var resp PrivilegedResponse
			b, _ := os.ReadFile(s.result)
			if err := json.Unmarshal(b, &resp); err != nil || resp.ExitStatus != 0 || len(*s.ran) != 1 {
				t.Errorf("result %s (%v), ran %q; want exit 0 after running one command", b, err, *s.ran)
			}
		})
	}
}
