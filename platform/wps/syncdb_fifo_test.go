//go:build !windows

package wps

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO planted under a database's name (or its -wal's) must not block
// the reader: the type is checked before the open. On failure the test
// unblocks the stuck open by opening the FIFO's write end itself.
func TestReadSyncErrorsFIFO(t *testing.T) {
	for _, name := range []string{"syncassistant.db-wal", "syncassistant.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "syncassistant.db")
			if name != "syncassistant.db" {
				createFromFixture(t, db, "syncassistant")
			}
			fifo := filepath.Join(dir, name)
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := ReadSyncErrors(context.Background(), db, 10)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("got error %v, want %q", err, "not a regular file")
				}
			case <-time.After(20 * time.Second):
				if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					w.Close()
				}
				<-done
				t.Fatalf("ReadSyncErrors blocked on the FIFO %s", name)
			}
		})
	}
}
