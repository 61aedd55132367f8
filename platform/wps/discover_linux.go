package wps

import (
	"bufio"
	"context"
	"os"
	"strings"
	"time"
	"wpsdoctor/platform/command"
)

// Discover finds WPS on this Linux computer for the current user. Package
// facts come from /var/lib/dpkg/status and pacman's local database (plain
// files) and, when rpm exists, from `rpm -q`.
func Discover() (Install, error) {
	// Without a home folder the per-user places are skipped, not guessed;
	// system-wide installs are still found.
	home, _ := os.UserHomeDir()
	var dbs PackageDBs
	if f, err := os.Open("/var/lib/dpkg/status"); err == nil {
		p, perr := ParseDpkgStatus(f)
		f.Close()
		if perr == nil {
			dbs = append(dbs, p)
		}
	}
	dbs = append(dbs, ReadPacmanLocal(OSFS{}, "/var/lib/pacman/local"))
	if _, err := command.Path("rpm"); err == nil {
		dbs = append(dbs, rpmQuery())
	}
	return DiscoverLinux(absOnly{OSFS{}}, home, dbs), nil
}

// rpmQuery asks rpm about the WPS package names in one run.
func rpmQuery() Packages {
	out := Packages{}
	argv := []string{"rpm", "-q", "--qf", "%{NAME} %{VERSION}\\n"}
	for _, lp := range linuxPackages {
		argv = append(argv, lp.name)
	}
	// rpm exits non-zero when any name is missing; the output still lists
	// the installed ones ("package x is not installed" lines have 5 words).
	r, _ := command.Run(context.Background(), command.Cmd{Argv: argv, Timeout: 10 * time.Second})
	b := r.Stdout
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 2 {
			out[f[0]] = Package{Name: f[0], Version: f[1], Manager: "rpm"}
		}
	}
	return out
}
