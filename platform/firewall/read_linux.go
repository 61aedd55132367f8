package firewall

import (
	"context"
	"os"
	"strings"
	"wpsdoctor/platform/command"
)

func installed(tool string) bool {
	_, err := command.Path(tool)
	return err == nil
}

func read(ctx context.Context, _ []string) (State, error) {
	st := State{OS: "linux", Backend: BackendNone}
	if out, ok := output(ctx, "firewall-cmd", "--state"); ok && strings.TrimSpace(string(out)) == "running" {
		st.Backend = BackendFirewalld
		st.Managed = "firewalld"
		return st, nil
	}
	if out, ok := output(ctx, "ufw", "status", "verbose"); ok {
		st.UFWActive, st.UFWOutgoing, st.UFWOurs = ParseUFWVerbose(out)
		st.UFWAllowOut = ParseUFWAllowOut(out)
		if st.UFWActive {
			st.Backend = BackendUFW
			return st, nil
		}
	}
	if out, ok := output(ctx, NFTListArgv()...); ok {
		chains, err := ParseNFT(out)
		if err != nil {
			return st, err
		}
		st.Backend, st.Chains = BackendNFT, chains
		return st, nil
	}
	// Both tools refuse to list rules to a normal user.
	if os.Geteuid() != 0 && (installed("ufw") || installed("nft")) {
		st.Unreadable = "ufw and nft list rules only as root"
	}
	return st, nil
}
