package secsoft

import (
	"context"
	"time"

	"wpsdoctor/platform/command"
)

// securityCenter asks Windows Security Center through WMI.
func securityCenter(ctx context.Context, known []Product) ([]Found, error) {
	out, err := command.Output(ctx, 15*time.Second, WMIArgv()...)
	if err != nil {
		return nil, err
	}
	return ParseWMI(known, out)
}
