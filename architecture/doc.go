// Package architecture holds no code: its tests keep ARCHITECTURE.md true.
// They read the module's import graph (go list) and syntax trees (go/ast)
// and fail when a layer imports what it must not, or a function grows past
// what a reader can hold at once.
package architecture
