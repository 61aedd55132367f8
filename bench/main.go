// Command bench measures the performance figures of issues 7 and 15 side by side
// and prints each as one line `name: value unit (ratio vs reference)`.
//
//	go run ./bench                 every figure (make bench)
//	go run ./bench -only scan,cli  some of them
//
// It talks only to loopback servers it starts and, as root, to a network
// namespace it creates and always deletes. It is not part of the product.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// figure names, in the order they run and print.
var figures = []string{"network", "blackhole", "scan", "cli", "tray", "size"}

type config struct {
	binDir    string        // where `make build` put wpsdoctor and wpsdoctor-tray
	runs      int           // repetitions of the cheap measurements
	scanFiles int           // generated sync folder size
	scanDirs  int           //
	idle      time.Duration // tray idle window
}

func main() {
	// Children re-executed by the parent: they print JSON and exit.
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "scan-child":
			os.Exit(scanChild(os.Args[2:]))
		case "blackhole-child":
			os.Exit(blackholeChild(os.Args[2:]))
		}
	}
	var cfg config
	only := flag.String("only", "", "comma-separated figures to run: "+strings.Join(figures, ","))
	flag.StringVar(&cfg.binDir, "bin", "bin", "folder holding the built wpsdoctor and wpsdoctor-tray")
	flag.IntVar(&cfg.runs, "runs", 10, "repetitions of the network and CLI measurements")
	flag.IntVar(&cfg.scanFiles, "scan-files", 100000, "files in the generated sync folder")
	flag.IntVar(&cfg.scanDirs, "scan-folders", 5000, "folders in the generated sync folder")
	flag.DurationVar(&cfg.idle, "idle", 60*time.Second, "tray idle measuring window")
	flag.Parse()

	want := map[string]bool{}
	for _, f := range strings.Split(*only, ",") {
		if f = strings.TrimSpace(f); f != "" {
			want[f] = true
		}
	}
	for f := range want {
		if !contains(figures, f) {
			fmt.Fprintf(os.Stderr, "bench: unknown figure %q (have %s)\n", f, strings.Join(figures, ","))
			os.Exit(2)
		}
	}

	// Interrupts cancel the context so every figure cleans up (temp trees,
	// namespaces, child processes) before exiting.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	start := time.Now()
	printMachine()
	run := map[string]func(context.Context, config) error{
		"network":   figureNetwork,
		"blackhole": figureBlackhole,
		"scan":      figureScan,
		"cli":       figureCLI,
		"tray":      figureTray,
		"size":      figureSize,
	}
	failed := 0
	for _, name := range figures {
		if len(want) > 0 && !want[name] {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		if err := run[name](ctx, cfg); err != nil {
			fmt.Printf("%s: FAILED: %v\n", name, err)
			failed++
		}
	}
	fmt.Printf("bench: done in %s\n", time.Since(start).Round(time.Second))
	if failed > 0 || ctx.Err() != nil {
		os.Exit(1)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
