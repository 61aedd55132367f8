package main

import (
	"wpsdoctor/health"
	"wpsdoctor/product"
	"wpsdoctor/report/itnote"
)

// itNote renders the window's "Copy for IT" text over the catalogue in force.
func itNote(p *product.Product) func(lang string, r health.Report) string {
	return func(lang string, r health.Report) string { return itnote.Text(r, p.Catalog, lang) }
}
