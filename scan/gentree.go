package scan

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// GenerateTree fills dir with a clean synthetic sync folder of files files
// spread over folders folders (two levels deep, like a real drive), for
// benchmarks and `make bench`. Names mix ASCII and Chinese; each file holds
// a few bytes. Existing files are overwritten, so it can be re-run.
func GenerateTree(dir string, files, folders int) error {
	if files < 0 || folders < 1 {
		return errors.New("scan: GenerateTree needs folders >= 1 and files >= 0")
	}
	top := 1
	for top*top < folders {
		top++
	}
	paths := make([]string, folders)
	for i := range paths {
		// Folder i sits under top-level folder i%top; the first top folders
		// are the top-level folders themselves.
		if i < top {
			paths[i] = filepath.Join(dir, fmt.Sprintf("项目-%03d", i))
		} else {
			paths[i] = filepath.Join(paths[i%top], fmt.Sprintf("folder-%05d", i))
		}
	}
	for _, p := range paths {
		if err := os.MkdirAll(p, 0o755); err != nil {
			return err
		}
	}
	exts := []string{".docx", ".xlsx", ".pptx", ".pdf", ".txt", ".wps", ".et"}
	workers := runtime.GOMAXPROCS(0) * 2
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			content := []byte("wpsdoctor scan benchmark\n")
			for i := w; i < files; i += workers {
				name := fmt.Sprintf("doc-%06d%s", i, exts[i%len(exts)])
				if i%5 == 0 {
					name = fmt.Sprintf("报告-%06d%s", i, exts[i%len(exts)])
				}
				if err := os.WriteFile(filepath.Join(paths[i%folders], name), content, 0o644); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}
