//go:build windows || darwin

package dnsconf

import (
	"context"
	"io"
	"net/http"
	"strings"
	"time"
)

// captive runs the OS's own connectivity probe; a different answer than the
// expected one means a portal intercepts HTTP.
func captive(ctx context.Context, url, want string) bool {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return !strings.Contains(string(b), want)
}
