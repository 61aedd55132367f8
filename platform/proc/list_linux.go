package proc

import (
	"context"
	"os"
)

func list(context.Context) ([]Process, error) { return ReadProcFS(os.DirFS("/proc")) }
