// Package secsoft knows the antivirus and internet-security products that
// get between WPS and its servers (HTTPS inspection, "network protection",
// application control): which ones exist (products.json: how Windows
// Security Center names each, its process and service names) and how to
// tell which are installed here — Windows Security Center through WMI
// (root/SecurityCenter2 AntiVirusProduct, read as JSON, never as localized
// text) and, on every OS, the running processes. The people's words for
// each product (its name in each language and how to let WPS through it)
// are translations (secsoft.<id>.name / .steps). Parsing and matching are
// pure; detect_<os>.go only runs the programs.
package secsoft

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Product is one known security product.
type Product struct {
	// ID names the product in the translations (secsoft.<id>.name).
	ID string `json:"id"`
	// WMI are lower-case parts of the displayName Security Center shows.
	WMI []string `json:"wmi"`
	// Processes and Services are its program and service names
	// (compared case-insensitively, ".exe" optional).
	Processes []string `json:"processes"`
	Services  []string `json:"services"`
}

// Found is one product detected here.
type Found struct {
	// ID is the known product's, or "" for a product Security Center
	// names that this build does not know (Name says which).
	ID string `json:"id,omitempty"`
	// Name is what Security Center calls it, or the process seen.
	Name string `json:"name"`
	// Source is "wmi" or "process"; Active is Security Center's
	// real-time protection flag (false when only a process was seen).
	Source string `json:"source"`
	Active bool   `json:"active,omitempty"`
}

// Detected is the security software found on this computer.
type Detected struct {
	Products []Found `json:"products"`
	// Errors are why a source could not be read (no WMI on this edition
	// of Windows, no process list); the others still count.
	Errors []string `json:"errors,omitempty"`
}

//go:embed products.json
var productsJSON []byte

// Known returns the product catalogue.
func Known() []Product {
	var ps []Product
	if err := json.Unmarshal(productsJSON, &ps); err != nil {
		panic(fmt.Sprintf("secsoft: products.json: %v", err)) // embedded: a test loads it
	}
	return ps
}

// ThirdParty reports whether f is a product other than Windows' own
// Defender (the one to name first when several are found).
func (f Found) ThirdParty() bool { return f.ID != "defender" }

// First is the product to name in a finding: a third-party one before
// Windows Defender, Security Center's before a process's.
func (d Detected) First() (Found, bool) {
	if len(d.Products) == 0 {
		return Found{}, false
	}
	ps := slices.Clone(d.Products)
	slices.SortStableFunc(ps, func(a, b Found) int { return rank(a) - rank(b) })
	return ps[0], true
}

func rank(f Found) int {
	r := 0
	if !f.ThirdParty() {
		r += 2
	}
	if f.ID == "" {
		r++
	}
	return r
}

// ByName returns the known product whose Security Center name contains
// one of its WMI parts.
func ByName(known []Product, displayName string) (Product, bool) {
	n := strings.ToLower(displayName)
	for _, p := range known {
		if slices.ContainsFunc(p.WMI, func(w string) bool { return strings.Contains(n, w) }) {
			return p, true
		}
	}
	return Product{}, false
}

// normalize folds a program or service name for comparison.
func normalize(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".exe")
}

// MatchProcesses returns the known products with a running process among
// names (each product once, in catalogue order).
func MatchProcesses(known []Product, names []string) []Found {
	seen := map[string]bool{}
	for _, n := range names {
		seen[normalize(n)] = true
	}
	var out []Found
	for _, p := range known {
		for _, pn := range p.Processes {
			if seen[normalize(pn)] {
				out = append(out, Found{ID: p.ID, Name: pn, Source: "process"})
				break
			}
		}
	}
	return out
}

// Merge adds found products not yet in d (by ID; unknown ones by name).
func (d *Detected) Merge(found ...Found) {
	for _, f := range found {
		if !slices.ContainsFunc(d.Products, func(g Found) bool { return g.ID == f.ID && (f.ID != "" || g.Name == f.Name) }) {
			d.Products = append(d.Products, f)
		}
	}
}
