package netinfo

import "context"

func defaultRoutes(ctx context.Context) ([]Route, error) {
	var out []Route
	var firstErr error
	for _, fam := range []struct {
		n    int
		argv []string
	}{{4, []string{"-n", "get", "default"}}, {6, []string{"-n", "get", "-inet6", "default"}}} {
		b, err := run(ctx, "/sbin/route", fam.argv...)
		// route exits 1 with "not in table" when there is none.
		r, perr := ParseRouteGet(string(b), fam.n)
		if perr != nil && err != nil && firstErr == nil {
			firstErr = err
		}
		out = append(out, r...)
	}
	if len(out) == 0 && firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
