package health

import (
	"runtime"
	"sync"
	"time"

	"wpsdoctor/catalog"
)

// Env is what checks observe through. The composition root builds one over
// the real system (health/checks.NewEnv); tests build one over fixtures.
// The facts the checks share (the WPS installation, found once however many
// checks ask) are provided from outside and held here without their types
// being known, so the model links no OS discovery.
type Env struct {
	Catalog *catalog.Catalog
	// Home is the user's home directory ("" when unknown).
	Home string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Host is the report header's description of this computer; empty
	// means only the OS and architecture this program was built for.
	Host Host

	mu    sync.Mutex
	facts map[any]any // factKey[T]{} -> *fact[T]
}

// NewEnv returns an Env with no facts provided yet.
func NewEnv(cat *catalog.Catalog, home string) *Env {
	return &Env{Catalog: cat, Home: home}
}

type factKey[T any] struct{}

type fact[T any] struct {
	once  sync.Once
	learn func() (T, error)
	v     T
	err   error
}

// Provide says how to learn the fact of type T; it is learned at most once,
// when a check first asks.
func Provide[T any](e *Env, learn func() (T, error)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.facts == nil {
		e.facts = map[any]any{}
	}
	e.facts[factKey[T]{}] = &fact[T]{learn: learn}
}

// With provides learn on e and returns e, for building an Env in one line.
func With[T any](e *Env, learn func() (T, error)) *Env {
	Provide(e, learn)
	return e
}

// Fact returns the fact of type T, learning it on first use; the zero
// value when nothing provides it.
func Fact[T any](e *Env) (T, error) {
	if e == nil {
		var zero T
		return zero, nil
	}
	e.mu.Lock()
	f, _ := e.facts[factKey[T]{}].(*fact[T])
	e.mu.Unlock()
	if f == nil || f.learn == nil {
		var zero T
		return zero, nil
	}
	f.once.Do(func() { f.v, f.err = f.learn() })
	return f.v, f.err
}

// Clock returns the current time from the Env's clock.
func (e *Env) Clock() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// host is the report header: the provided one, else the build's OS.
func (e *Env) host() Host {
	if e != nil && e.Host.OS != "" {
		return e.Host
	}
	return Host{OS: runtime.GOOS, Arch: runtime.GOARCH}
}
