package app

import (
	"os"
	"testing"

	"fyne.io/fyne/v2"
)

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o600) }

// dlgButtons returns the buttons the dialog shows now.
func (f *FixFlow) dlgButtons() []fyne.CanvasObject { return f.buttons }

// uiQueue stands in for Fyne's UI goroutine: the real driver runs every
// fyne.Do on one goroutine; fyne's test driver runs it on the caller's, which
// would let background work race the test. The queue runs it on the test's.
type uiQueue struct{ ch chan func() }

func newUIQueue() *uiQueue { return &uiQueue{ch: make(chan func(), 256)} }

func (q *uiQueue) post(fn func(), wait bool) {
	if !wait {
		q.ch <- fn
		return
	}
	done := make(chan struct{})
	q.ch <- func() { fn(); close(done) }
	<-done
}

// settle runs queued UI work until every background job of w has ended.
func (q *uiQueue) settle(t *testing.T, w *Window) {
	t.Helper()
	finished := make(chan struct{})
	go func() { w.jobs.Wait(); close(finished) }()
	for {
		select {
		case fn := <-q.ch:
			fn()
		case <-finished:
			for {
				select {
				case fn := <-q.ch:
					fn()
				default:
					return
				}
			}
		}
	}
}
