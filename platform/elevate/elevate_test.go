package elevate

import (
	"errors"
	"reflect"
	"testing"
)

func TestPkexecArgvKeepsArgsSeparate(t *testing.T) {
	got := PkexecArgv("/usr/bin/pkexec", "/opt/wps doctor/wpsdoctor", []string{"privileged", "--step", "/tmp/a b/step.json"})
	want := []string{"/usr/bin/pkexec", "/opt/wps doctor/wpsdoctor", "privileged", "--step", "/tmp/a b/step.json"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("argv = %q, want %q", got, want)
	}
}

func TestClassifyPkexec(t *testing.T) {
	cases := map[int]error{0: nil, 1: nil, 126: ErrCancelled, 127: ErrNotAuthorized}
	for code, want := range cases {
		if got := ClassifyPkexec(code); !errors.Is(got, want) || (want == nil) != (got == nil) {
			t.Errorf("ClassifyPkexec(%d) = %v, want %v", code, got, want)
		}
	}
}

func TestPanicBecomesUnavailable(t *testing.T) {
	if err := fromPanic("byteexec: permission denied"); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("got %v", err)
	}
}

func TestChoose(t *testing.T) {
	exe, args := "/opt/wps doctor/wpsdoctor-tray", []string{"privileged", "--step", "/tmp/d/step.json", "--result", "/tmp/d/result.json"}
	target := append([]string{exe}, args...)
	pk, sudo := "/usr/bin/pkexec", "/usr/bin/sudo"
	tests := []struct {
		name string
		f    Facts
		mech Mechanism
		argv []string
		err  error
	}{
		{"already elevated", Facts{GOOS: "linux", Elevated: true, Pkexec: pk}, Direct, target, nil},
		{"desktop asks polkit", Facts{GOOS: "linux", Graphical: true, Pkexec: pk, Sudo: sudo}, Pkexec, append([]string{pk}, target...), nil},
		{"desktop on a terminal still asks polkit", Facts{GOOS: "linux", Graphical: true, Terminal: true, Pkexec: pk, Sudo: sudo}, Pkexec, append([]string{pk}, target...), nil},
		{"ssh terminal asks sudo", Facts{GOOS: "linux", Terminal: true, Pkexec: pk, Sudo: sudo}, Sudo, append([]string{sudo, "--"}, target...), nil},
		{"no terminal: sudo -n", Facts{GOOS: "linux", Pkexec: pk, Sudo: sudo}, SudoNoPrompt, append([]string{sudo, "-n", "--"}, target...), nil},
		{"terminal without sudo: pkexec text agent", Facts{GOOS: "linux", Terminal: true, Pkexec: pk}, Pkexec, append([]string{pk}, target...), nil},
		{"desktop without pkexec: sudo -n", Facts{GOOS: "linux", Graphical: true, Sudo: sudo}, SudoNoPrompt, append([]string{sudo, "-n", "--"}, target...), nil},
		{"nothing", Facts{GOOS: "linux", Graphical: true}, "", nil, ErrUnavailable},
		{"no terminal, only pkexec", Facts{GOOS: "linux", Pkexec: pk}, "", nil, ErrUnavailable},
		{"windows UAC", Facts{GOOS: "windows"}, UAC, append([]string{"elevate.exe", "-w"}, target...), nil},
		{"macOS", Facts{GOOS: "darwin"}, Cocoasudo, append([]string{"cocoasudo", "--prompt=" + macPrompt}, target...), nil},
		{"other OS", Facts{GOOS: "freebsd"}, "", nil, ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Choose(tt.f, exe, args)
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Fatalf("got error %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			if l.Mechanism != tt.mech {
				t.Errorf("got mechanism %q, want %q", l.Mechanism, tt.mech)
			}
			if !reflect.DeepEqual(l.Argv, tt.argv) {
				t.Errorf("got argv %q, want %q", l.Argv, tt.argv)
			}
			if !reflect.DeepEqual(l.Target, target) {
				t.Errorf("got target %q, want %q", l.Target, target)
			}
		})
	}
}

func TestClassifySudo(t *testing.T) {
	for code, want := range map[int]error{0: nil, 1: ErrNotAuthorized, 2: nil, 3: nil} {
		if got := ClassifySudo(code); !errors.Is(got, want) || (want == nil) != (got == nil) {
			t.Errorf("ClassifySudo(%d) = %v, want %v", code, got, want)
		}
	}
}
