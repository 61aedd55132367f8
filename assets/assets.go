// Package assets embeds the files the program ships: the endpoint
// catalogue, the translations and the icons.
package assets

import "embed"

// Endpoints is the built-in endpoint catalogue (TOML).
//
//go:embed endpoints.toml
var Endpoints []byte

// Translations holds i18n/<part>.<lang>.json: flat key -> template maps.
//
//go:embed i18n/*.json
var Translations embed.FS

// Explanations holds explain/<part>.<lang>.json: for every finding code, its
// title, symptoms, cause and resolution (wpsdoctor explain CODE).
//
//go:embed explain/*.json
var Explanations embed.FS

// Guide holds guide/symptoms.json: the symptom guide's symptoms, the checks
// each runs first and the steps of the source documents, in both
// languages (wpsdoctor guide, the window's "What is wrong?" page).
//
//go:embed guide/symptoms.json
var Guide []byte
