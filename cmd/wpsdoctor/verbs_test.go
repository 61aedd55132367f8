package main

import (
	"os"
	"testing"

	"wpsdoctor/product"
)

// TestMain makes this test binary answer the verbs the product re-runs its
// own binary for (privileged, verify), as the real wpsdoctor does: fixes
// tested here are verified in a fresh process of it, and the elevator
// starts it, exactly as in the shipped program.
func TestMain(m *testing.M) {
	if code, ok := product.Serve(os.Args[1:], os.Stdout, os.Stderr, "wpsdoctor", version); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}
