package health

import (
	"sync"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/platform/wps"
)

// Env is what checks observe through. The CLI builds one from the real
// system; tests build one over fixtures.
type Env struct {
	Catalog *catalog.Catalog
	// Home is the user's home directory ("" when unknown).
	Home string
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	discover func() (wps.Install, error)
	once     sync.Once
	install  wps.Install
	err      error
}

// NewEnv returns an Env whose WPS discovery runs discover at most once,
// however many checks ask for it.
func NewEnv(cat *catalog.Catalog, home string, discover func() (wps.Install, error)) *Env {
	return &Env{Catalog: cat, Home: home, discover: discover}
}

// Install returns the discovered WPS installation, discovering it on first use.
func (e *Env) Install() (wps.Install, error) {
	e.once.Do(func() {
		if e.discover == nil {
			e.install = wps.Install{}
			return
		}
		e.install, e.err = e.discover()
	})
	return e.install, e.err
}

// Clock returns the current time from the Env's clock.
func (e *Env) Clock() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}
