package netprobe

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// CaptiveVerdict is what a plain-HTTP probe of a WPS host revealed.
type CaptiveVerdict string

const (
	CaptiveClear     CaptiveVerdict = "clear"            // answered by the service itself
	CaptiveRedirect  CaptiveVerdict = "redirect_offsite" // redirected to a host outside the WPS domains
	CaptiveLoginPage CaptiveVerdict = "login_page"       // an HTML sign-in page that is not WPS's
	CaptiveAuthReq   CaptiveVerdict = "auth_required"    // HTTP 511 Network Authentication Required
	CaptiveNoAnswer  CaptiveVerdict = "no_answer"        // the probe itself failed
)

// CaptiveResult is one probe.
type CaptiveResult struct {
	URL      string         `json:"url"`
	Verdict  CaptiveVerdict `json:"verdict"`
	Status   int            `json:"status,omitempty"`
	Location string         `json:"location,omitempty"`
	Outcome  TCPOutcome     `json:"outcome,omitempty"`
	Error    string         `json:"error,omitempty"`
}

var (
	formRe    = regexp.MustCompile(`(?is)<form[^>]*>`)
	actionRe  = regexp.MustCompile(`(?is)action\s*=\s*["']?(https?://[^"'\s>]+)`)
	refreshRe = regexp.MustCompile(`(?is)<meta[^>]+http-equiv\s*=\s*["']?refresh[^>]*url\s*=\s*['"]?(https?://[^"'\s>]+)`)
	jsLocRe   = regexp.MustCompile(`(?is)(?:window\.|document\.)?location(?:\.href)?\s*=\s*["'](https?://[^"']+)`)
	portalRe  = regexp.MustCompile(`(?i)captive|hotspot|wi-?fi\s*(login|portal)|portal|上网认证|认证上网|无线认证|网络认证|登录上网|accept.{0,20}terms`)
)

// ProbeCaptive sends GET http://host/ to addr without following redirects.
// inFamily says whether a host belongs to the service family: a redirect
// or a form pointing outside it, a portal-style sign-in page, or HTTP 511
// means something between us and WPS wants the user to sign in first.
func ProbeCaptive(ctx context.Context, addr, host string, inFamily func(string) bool, timeout time.Duration) CaptiveResult {
	u := "http://" + hostForURL(host) + "/"
	res := CaptiveResult{URL: u}
	ctx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	tr := pinnedTransport(addr, nil)
	defer tr.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		res.Verdict, res.Error = CaptiveNoAnswer, err.Error()
		return res
	}
	req.Header.Set("User-Agent", "wpsdoctor-captive-probe")
	resp, err := tr.RoundTrip(req)
	if err != nil {
		res.Verdict, res.Outcome, res.Error = CaptiveNoAnswer, ClassifyError(err), err.Error()
		return res
	}
	defer resp.Body.Close()
	res.Status = resp.StatusCode
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	res.Verdict = judgeCaptive(resp.StatusCode, resp.Header, string(body), u, inFamily, &res.Location)
	return res
}

func judgeCaptive(status int, h http.Header, body, base string, inFamily func(string) bool, loc *string) CaptiveVerdict {
	offsite := func(raw string) bool {
		ref, err := url.Parse(strings.TrimSpace(raw))
		if err != nil {
			return true
		}
		b, _ := url.Parse(base)
		abs := b.ResolveReference(ref)
		return abs.Hostname() != "" && !inFamily(abs.Hostname())
	}
	if status == http.StatusNetworkAuthenticationRequired {
		return CaptiveAuthReq
	}
	if status >= 300 && status < 400 {
		*loc = h.Get("Location")
		if *loc != "" && offsite(*loc) {
			return CaptiveRedirect
		}
		return CaptiveClear
	}
	if !strings.Contains(strings.ToLower(h.Get("Content-Type")), "html") && !strings.Contains(strings.ToLower(body), "<html") {
		return CaptiveClear
	}
	for _, re := range []*regexp.Regexp{refreshRe, jsLocRe} {
		if m := re.FindStringSubmatch(body); m != nil && offsite(m[1]) {
			*loc = m[1]
			return CaptiveRedirect
		}
	}
	if formRe.MatchString(body) {
		if m := actionRe.FindStringSubmatch(body); m != nil && offsite(m[1]) {
			*loc = m[1]
			return CaptiveLoginPage
		}
		if portalRe.MatchString(body) {
			return CaptiveLoginPage
		}
	}
	if portalRe.MatchString(body) && strings.Contains(strings.ToLower(body), "login") {
		return CaptiveLoginPage
	}
	return CaptiveClear
}
