package netinfo

import (
	"context"
	"errors"
	"os"
)

func defaultRoutes(context.Context) ([]Route, error) {
	var out []Route
	var errs []error
	for _, src := range []struct {
		path  string
		parse func(f *os.File) ([]Route, error)
	}{
		{"/proc/net/route", func(f *os.File) ([]Route, error) { return ParseProcNetRoute(f) }},
		{"/proc/net/ipv6_route", func(f *os.File) ([]Route, error) { return ParseProcIPv6Route(f) }},
	} {
		f, err := os.Open(src.path)
		if err != nil {
			if !errors.Is(err, os.ErrNotExist) { // no IPv6 is not an error
				errs = append(errs, err)
			}
			continue
		}
		r, err := src.parse(f)
		f.Close()
		if err != nil {
			errs = append(errs, err)
		}
		out = append(out, r...)
	}
	if len(out) == 0 && len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
