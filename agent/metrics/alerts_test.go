package metrics

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"wpsdoctor/agent/state"
)

// TestAlertRules: docs/fleet/prometheus/alerts.yml is valid YAML of
// Prometheus's rule-file shape and names only metrics (and states) this
// package writes.
func TestAlertRules(t *testing.T) {
	data, err := os.ReadFile("../../docs/fleet/prometheus/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Groups []struct {
			Name  string `yaml:"name"`
			Rules []struct {
				Alert       string            `yaml:"alert"`
				Expr        string            `yaml:"expr"`
				For         string            `yaml:"for"`
				Labels      map[string]string `yaml:"labels"`
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	rendered := string(Render(FromReport(report(), state.Problem, at, time.Second, "1")))
	metric := regexp.MustCompile(`wpsdoctor_[a-z_]+`)
	stateRe := regexp.MustCompile(`state="([a-z]+)"`)
	n := 0
	for _, g := range file.Groups {
		for _, r := range g.Rules {
			n++
			if r.Alert == "" || r.Expr == "" || r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
				t.Errorf("rule %+v: want alert, expr, a severity and a summary", r)
			}
			if _, err := time.ParseDuration(r.For); err != nil {
				t.Errorf("%s: for %q: %v", r.Alert, r.For, err)
			}
			for _, m := range metric.FindAllString(r.Expr+r.Annotations["description"], -1) {
				if !strings.Contains(rendered, "\n"+m+" ") && !strings.Contains(rendered, "\n"+m+"{") {
					t.Errorf("%s: got metric %s, want one the agent writes", r.Alert, m)
				}
			}
			for _, s := range stateRe.FindAllStringSubmatch(r.Expr, -1) {
				if !strings.Contains(rendered, `state="`+s[1]+`"`) {
					t.Errorf("%s: got state %q, want one of %v", r.Alert, s[1], state.All)
				}
			}
		}
	}
	if n < 3 {
		t.Errorf("got %d rules, want the documented ones", n)
	}
}
