//go:build !windows

package secsoft

import "context"

// securityCenter: only Windows has a Security Center; elsewhere the
// running processes tell.
func securityCenter(context.Context, []Product) ([]Found, error) { return nil, nil }
