package local

import (
	"context"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/platform/wps"
)

// checkCurrent compares the installed version with the catalogue's current
// release of the same family and OS. Versions are compared only within one
// line (the same edition code, x.1.0 / x.2.0 / x.8.2 / x.1.2, and the same
// number of fields): a professional build is never "behind" a personal
// one.
func checkCurrent(_ context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	fam := in.ServiceFamily()
	url := downloadURL(env.Catalog, fam, in.OS)
	if url == "" {
		url = familyLink(env.Catalog, wps.FamilyUnknown, func(af *catalog.AccountFamily) string { return af.Downloads[in.OS] })
	}
	v, err := wps.ParseVersion(in.Version)
	if err != nil {
		return health.Info(CodeUpdateUnknown, health.Msg("account.update_version_unknown", "url", url)).With("download_url", url)
	}
	var release, asOf string
	if af := env.Catalog.AccountFamily(string(fam)); af != nil {
		release, asOf = af.Releases[in.OS], af.ReleasesAsOf
	}
	r, rerr := wps.ParseVersion(release)
	ev := func(f health.Finding) health.Finding {
		return f.With("version", in.Version).With("release", release).With("release_as_of", asOf).
			With("family", string(fam)).With("download_url", url)
	}
	if release == "" || rerr != nil || !sameLine(v, r) {
		return ev(health.Info(CodeUpdateUnknown, health.Msg("account.update_no_release", "version", in.Version, "url", url)))
	}
	if v.Compare(r) < 0 {
		return ev(health.Warn(CodeUpdateBehind, health.Msg("account.update_behind", "version", in.Version, "release", release, "url", url))).
			Suggest(FixUpdate)
	}
	return ev(health.OK(CodeUpdateCurrent, health.Msg("account.update_current", "version", in.Version, "release", release)))
}

// sameLine: two versions of one product line (wps-account.md §5: compare
// numerically per edition code, never across .1.0 / .2.0 / .8.2). Four
// fields carry the edition code in the 2nd and 3rd; macOS versions have
// three (6.10.2, then 12.1.<build>: one line renumbered).
func sameLine(a, b wps.Version) bool {
	if a.N != b.N {
		return false
	}
	return a.N != 4 || a.Nums[1] == b.Nums[1] && a.Nums[2] == b.Nums[2]
}
