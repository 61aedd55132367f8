package timesync

import "context"

func read(ctx context.Context) (State, error) {
	st := State{OS: "darwin"}
	if out, ok := output(ctx, "systemsetup", "-getusingnetworktime"); ok {
		st.NetworkTime, st.Known = ParseMacNetworkTime(out)
	}
	return st, nil
}
