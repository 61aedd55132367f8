package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"wpsdoctor/fixes"
	"wpsdoctor/platform/firewall"
)

// How an elevated step was done, for the result (plan.Result.ElevatedBy).
const (
	ViaAgent  = "agent"  // the WPS Sync Doctor service
	ViaPrompt = "prompt" // an administrator prompt (UAC, polkit, sudo...)
)

// PingTimeout bounds asking whether the agent is there.
const PingTimeout = 500 * time.Millisecond

// call sends one request to the agent at socket and reads its answer.
func call(ctx context.Context, socket string, req Request) (Response, error) {
	c, err := dial(ctx, socket)
	if err != nil {
		return Response{}, err
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })
	defer stop()
	if err := WriteFrame(c, req); err != nil {
		return Response{}, err
	}
	b, err := ReadFrame(c)
	if err != nil {
		return Response{}, err
	}
	var resp Response
	if err := json.Unmarshal(b, &resp); err != nil {
		return Response{}, fmt.Errorf("the service's answer: %w", err)
	}
	if resp.Version != Version {
		return Response{}, fmt.Errorf("the service speaks protocol version %d, this program %d", resp.Version, Version)
	}
	return resp, nil
}

// Ping reports whether an agent answers on socket within PingTimeout.
func Ping(ctx context.Context, socket string) bool {
	ctx, cancel := context.WithTimeout(ctx, PingTimeout)
	defer cancel()
	resp, err := call(ctx, socket, Request{Version: Version, Op: OpPing})
	return err == nil && resp.Refused == "" && resp.Error == ""
}

// Elevator runs elevated steps through the agent at Socket (the client
// side of the IPC; fixes.Elevator).
type Elevator struct {
	Socket string
}

// RunElevated sends the steps to the agent. A refusal by the policy wraps
// fixes.ErrPolicy, with the policy's words.
func (e Elevator) RunElevated(ctx context.Context, entry string, steps [][]fixes.Action) ([]fixes.StepResult, error) {
	resp, err := call(ctx, e.Socket, Request{Version: Version, Op: OpRun, Entry: entry, Steps: steps})
	if err != nil {
		return nil, fmt.Errorf("the WPS Sync Doctor service: %w", err)
	}
	switch {
	case resp.Refused == RefusedPolicy, resp.Refused == RefusedPeer:
		return nil, fmt.Errorf("%w: %s", fixes.ErrPolicy, resp.Error)
	case resp.Refused != "" || resp.Error != "":
		return resp.Steps, fmt.Errorf("the WPS Sync Doctor service refused the request (%s): %s", resp.Refused, resp.Error)
	}
	return resp.Steps, nil
}

// Prefer runs elevated steps through the agent when it answers a ping,
// else through Fallback (the administrator prompt). A refusal by the
// agent's policy is final: it is not retried through a prompt, since the
// organisation said no (the user can ask an administrator, who may run
// the same fix with `sudo wpsdoctor fix ID`).
type Prefer struct {
	Socket   string
	Fallback fixes.Elevator
}

// RunElevated implements fixes.Elevator.
func (p Prefer) RunElevated(ctx context.Context, entry string, steps [][]fixes.Action) ([]fixes.StepResult, error) {
	r, _, err := p.RunElevatedVia(ctx, entry, steps)
	return r, err
}

// RunElevatedVia implements fixes.ViaElevator: it also says which way ran.
func (p Prefer) RunElevatedVia(ctx context.Context, entry string, steps [][]fixes.Action) ([]fixes.StepResult, string, error) {
	if p.Socket != "" && Ping(ctx, p.Socket) {
		r, err := Elevator{Socket: p.Socket}.RunElevated(ctx, entry, steps)
		return r, ViaAgent, err
	}
	if p.Fallback == nil {
		return nil, ViaPrompt, errors.New("the WPS Sync Doctor service is not running and no administrator prompt is available")
	}
	r, err := p.Fallback.RunElevated(ctx, entry, steps)
	return r, ViaPrompt, err
}

// InspectTimeout bounds asking the agent one query.
const InspectTimeout = 10 * time.Second

// ReadFirewall asks the agent at socket for the firewall state it reads as
// the system (query firewall-ruleset): what the firewall check and the
// firewall.allow planner read themselves when they may, since on Linux
// only root can list the rules.
func ReadFirewall(ctx context.Context, socket string) (firewall.State, error) {
	ctx, cancel := context.WithTimeout(ctx, InspectTimeout)
	defer cancel()
	resp, err := call(ctx, socket, Request{Version: Version, Op: OpInspect, Query: QueryFirewallRuleset})
	switch {
	case err != nil:
		return firewall.State{}, fmt.Errorf("the WPS Sync Doctor service: %w", err)
	case resp.Refused != "" || resp.Error != "":
		return firewall.State{}, fmt.Errorf("the WPS Sync Doctor service did not read the firewall (%s): %s", resp.Refused, resp.Error)
	case resp.Firewall == nil:
		return firewall.State{}, errors.New("the WPS Sync Doctor service answered without the firewall state")
	}
	return *resp.Firewall, nil
}
