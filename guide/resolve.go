package guide

import (
	"slices"

	"wpsdoctor/catalog"
)

// Pages are the official pages of each family by link kind, as the
// catalogue gives them for one OS (PagesFrom).
type Pages map[string]map[Kind]string

// PagesFrom reads every family's pages from the catalogue's
// [account.families.*] (and a family's download_url when the account
// table names no download page for goos).
func PagesFrom(cat *catalog.Catalog, goos string) Pages {
	pages := Pages{}
	if cat == nil {
		return pages
	}
	for _, name := range cat.FamilyNames() {
		p := map[Kind]string{}
		if af := cat.AccountFamily(name); af != nil {
			p[LinkPasswordReset], p[LinkStorage], p[LinkWeb] = af.PasswordResetURL, af.StorageURL, af.WebURL
			p[LinkSupport], p[LinkAccount], p[LinkDownload] = af.HelpURL, af.AccountURL, af.Downloads[goos]
		}
		if f := cat.Family(name); f != nil {
			if p[LinkDownload] == "" {
				p[LinkDownload] = f.DownloadURL
			}
			if p[LinkSupport] == "" {
				p[LinkSupport] = f.SupportURL
			}
		}
		for k, v := range p {
			if v == "" {
				delete(p, k)
			}
		}
		pages[name] = p
	}
	return pages
}

// families are the pages' families, mainland and international first.
func (p Pages) families() []string {
	var names []string
	for _, n := range []string{catalog.Mainland, catalog.International} {
		if _, ok := p[n]; ok {
			names = append(names, n)
		}
	}
	var rest []string
	for n := range p {
		if !slices.Contains(names, n) {
			rest = append(rest, n)
		}
	}
	slices.Sort(rest)
	return append(names, rest...)
}

// Link is one resolved page.
type Link struct {
	Family string `json:"family"`
	URL    string `json:"url"`
}

// Resolved is a symptom in one language with its links for one family:
// what a front end shows.
type Resolved struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Checks []string `json:"checks"`
	// Family is the family whose links the steps give; "" when it is not
	// known (then every family's links are given).
	Family string         `json:"family,omitempty"`
	Steps  []ResolvedStep `json:"steps"`
}

// ResolvedStep is one numbered step.
type ResolvedStep struct {
	N    int    `json:"n"`
	Text string `json:"text"`
	Kind Kind   `json:"link_kind,omitempty"`
	// Links are the pages of Kind: the family's, or every family's when
	// the family is unknown or the step asks for all.
	Links  []Link `json:"links,omitempty"`
	Fix    string `json:"fix,omitempty"`
	Report bool   `json:"report,omitempty"`
}

// Resolve renders the symptom in lang with the pages of family (an
// unknown family, or "", gives every family's pages, mainland first).
func (s Symptom) Resolve(pages Pages, family, lang string) Resolved {
	if _, ok := pages[family]; !ok {
		family = ""
	}
	r := Resolved{ID: s.ID, Title: s.Title.In(lang), Checks: slices.Clone(s.Checks), Family: family}
	for i, st := range s.Steps {
		rs := ResolvedStep{N: i + 1, Text: st.Text.In(lang), Kind: st.Link, Fix: st.Fix, Report: st.Report}
		if st.Link != "" {
			rs.Links = pages.links(st.Link, family, st.AllFamilies)
		}
		r.Steps = append(r.Steps, rs)
	}
	return r
}

// links are the pages of kind for family, or for every family.
func (p Pages) links(kind Kind, family string, all bool) []Link {
	names := []string{family}
	if family == "" || all {
		names = p.families()
	}
	var out []Link
	for _, n := range names {
		if u := p[n][kind]; u != "" {
			out = append(out, Link{Family: n, URL: u})
		}
	}
	return out
}
