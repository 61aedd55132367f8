package health

import (
	"errors"
	"sync/atomic"
	"testing"

	"wpsdoctor/catalog"
)

type install struct{ Root string }
type other struct{ N int }

func TestFactsAreLearnedOnceAndByType(t *testing.T) {
	var calls atomic.Int32
	env := With(NewEnv(catalog.Default(), "/home/x"), func() (install, error) {
		calls.Add(1)
		return install{Root: "/opt/wps"}, nil
	})
	Provide(env, func() (other, error) { return other{}, errors.New("unreadable") })
	for range 3 {
		if got, err := Fact[install](env); err != nil || got.Root != "/opt/wps" {
			t.Fatalf("got %+v, %v; want /opt/wps", got, err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("learned %d times, want once", n)
	}
	if _, err := Fact[other](env); err == nil {
		t.Error("got no error, want the provider's error")
	}
	if got, err := Fact[struct{ X int }](env); err != nil || got.X != 0 {
		t.Errorf("an unprovided fact: got %+v, %v; want the zero value", got, err)
	}
	var nilEnv *Env
	if _, err := Fact[install](nilEnv); err != nil {
		t.Errorf("a nil Env: got %v, want the zero value", err)
	}
}
