package dnsconf

import (
	"context"
	"time"
	"wpsdoctor/platform/command"
)

// Paths are the files the Linux reader looks at; tests and the e2e suite
// point them at bind-mounted or fixture files.
type Paths struct {
	ResolvConf string
	NSSwitch   string
}

// DefaultPaths are the real system files.
var DefaultPaths = Paths{ResolvConf: "/etc/resolv.conf", NSSwitch: "/etc/nsswitch.conf"}

// Read returns this computer's resolver state. On Linux it reads p (zero
// value: DefaultPaths); other OSes ignore p.
func Read(ctx context.Context, p Paths) (State, error) {
	if p.ResolvConf == "" {
		p.ResolvConf = DefaultPaths.ResolvConf
	}
	if p.NSSwitch == "" {
		p.NSSwitch = DefaultPaths.NSSwitch
	}
	return read(ctx, p)
}

// output runs a read-only command with a short timeout; a missing tool or a
// failure yields nil, because every caller has a fallback.
func output(ctx context.Context, argv ...string) []byte {
	out, err := command.Output(ctx, 5*time.Second, argv...)
	if err != nil {
		return nil
	}
	return out
}
