package scan

import "sync"

// queue is the shared stack of directories still to list. It is LIFO so the
// walk goes deep first and the number of pending directories stays small.
// pending counts queued plus in-progress jobs: the walk is over when it
// reaches zero, because only a job in progress can add more.
type queue struct {
	mu      sync.Mutex
	cond    sync.Cond
	stack   []*dirJob
	pending int
	stopped bool
}

func newQueue() *queue {
	q := &queue{}
	q.cond.L = &q.mu
	return q
}

func (q *queue) push(j *dirJob) {
	q.mu.Lock()
	q.stack = append(q.stack, j)
	q.pending++
	q.mu.Unlock()
	q.cond.Signal()
}

// pop blocks until a job is available; false means the walk is over or stopped.
func (q *queue) pop() (*dirJob, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.stack) == 0 && q.pending > 0 && !q.stopped {
		q.cond.Wait()
	}
	if q.stopped || len(q.stack) == 0 {
		return nil, false
	}
	n := len(q.stack) - 1
	j := q.stack[n]
	q.stack[n] = nil
	q.stack = q.stack[:n]
	return j, true
}

// done marks one popped job finished.
func (q *queue) done() {
	q.mu.Lock()
	q.pending--
	last := q.pending == 0
	q.mu.Unlock()
	if last {
		q.cond.Broadcast()
	}
}

// stop wakes every worker and makes pop return false (cancellation).
func (q *queue) stop() {
	q.mu.Lock()
	q.stopped = true
	q.stack = nil
	q.mu.Unlock()
	q.cond.Broadcast()
}
