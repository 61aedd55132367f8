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
