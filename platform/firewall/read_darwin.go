package firewall

import "context"

func read(ctx context.Context, apps []string) (State, error) {
	st := State{OS: "darwin", Backend: BackendMacALF, Apps: map[string]string{}}
	out, _ := output(ctx, SocketFilterFW, "--getglobalstate")
	st.ALFEnabled = ParseALFState(out)
	out, _ = output(ctx, SocketFilterFW, "--getblockall")
	st.BlockAll = ParseALFState(out)
	for _, a := range apps {
		out, _ := output(ctx, SocketFilterFW, "--getappblocked", a)
		st.Apps[a] = ParseAppBlocked(out)
	}
	return st, nil
}
