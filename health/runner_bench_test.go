package health

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// benchChecks builds n checks: check 0 is the root, every other check
// depends on it and every fourth also on its predecessor, like the real
// catalogue's short dependency chains. Each check waits work(i) (0 = returns
// at once) honouring ctx.
func benchChecks(n int, work func(i int) time.Duration) []Check {
	cs := make([]Check, n)
	for i := range cs {
		d := work(i)
		c := Check{ID: fmt.Sprintf("bench.%03d", i), Area: AreaNetwork, Run: func(ctx context.Context, _ *Env) Finding {
			if d > 0 {
				t := time.NewTimer(d)
				defer t.Stop()
				select {
				case <-t.C:
				case <-ctx.Done():
					return Errorf("T-CTX", Msg("t.cancelled"))
				}
			}
			return OK("T-1", Msg("t.ok"))
		}}
		if i > 0 {
			c.DependsOn = []string{cs[0].ID}
		}
		if i > 1 && i%4 == 0 {
			c.DependsOn = append(c.DependsOn, cs[i-1].ID)
		}
		cs[i] = c
	}
	return cs
}

// BenchmarkRunnerOverhead: the runner's own cost per run (goroutines,
// contexts, dependency bookkeeping, sorting) with checks that do nothing.
func BenchmarkRunnerOverhead(b *testing.B) {
	for _, n := range []int{10, 40, 200} {
		b.Run(fmt.Sprintf("checks=%d", n), func(b *testing.B) {
			cs := benchChecks(n, func(int) time.Duration { return 0 })
			if err := Validate(cs); err != nil {
				b.Fatal(err)
			}
			r := Runner{Checks: cs, DefaultTimeout: DefaultTimeout, Deadline: Deadline}
			env := &Env{}
			b.ReportAllocs()
			for b.Loop() {
				fs := r.Run(context.Background(), env)
				if len(fs) != n || fs[0].Status != StatusOK {
					b.Fatalf("got %d findings, first %+v", len(fs), fs[0])
				}
			}
		})
	}
}

// BenchmarkRunnerWall: 40 checks waiting 1..20 ms; reports the run's wall
// time over its slowest check. The runner starts every check at once
// (dependencies only cancel and suppress on failure), so this stays near 1.
func BenchmarkRunnerWall(b *testing.B) {
	const n = 40
	work := func(i int) time.Duration { return time.Duration(1+i%20) * time.Millisecond }
	cs := benchChecks(n, work)
	var slowest time.Duration
	for i := range cs {
		slowest = max(slowest, work(i))
	}
	r := Runner{Checks: cs, DefaultTimeout: DefaultTimeout, Deadline: Deadline}
	env := &Env{}
	var wall time.Duration
	for b.Loop() {
		start := time.Now()
		fs := r.Run(context.Background(), env)
		wall += time.Since(start)
		for _, f := range fs {
			if f.Status != StatusOK {
				b.Fatalf("%s: %s", f.Check, f.Status)
			}
		}
	}
	b.ReportMetric(float64(wall)/float64(b.N)/float64(slowest), "wall/slowest")
}
