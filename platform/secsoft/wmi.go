package secsoft

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// WMIArgv is the command that lists Windows Security Center's antivirus
// products as JSON (a single object for one product, an array for more).
// Security Center exists on client editions of Windows only.
func WMIArgv() []string {
	return []string{"powershell.exe", "-NoProfile", "-NonInteractive", "-Command",
		"Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | " +
			"Select-Object displayName,productState,pathToSignedProductExe | ConvertTo-Json -Compress"}
}

// wmiProduct is one AntiVirusProduct instance.
type wmiProduct struct {
	DisplayName string `json:"displayName"`
	// ProductState packs the state: bits 12-15 (0x1000) say real-time
	// protection is on.
	ProductState uint32 `json:"productState"`
	Path         string `json:"pathToSignedProductExe"`
}

// ParseWMI reads WMIArgv's output: nothing (no product), one object or
// an array. Each product is matched to the catalogue by name.
func ParseWMI(known []Product, out []byte) ([]Found, error) {
	out = bytes.TrimSpace(bytes.TrimPrefix(out, []byte("\xef\xbb\xbf")))
	if len(out) == 0 {
		return nil, nil
	}
	var list []wmiProduct
	if out[0] == '[' {
		if err := json.Unmarshal(out, &list); err != nil {
			return nil, fmt.Errorf("security center: %w", err)
		}
	} else {
		var one wmiProduct
		if err := json.Unmarshal(out, &one); err != nil {
			return nil, fmt.Errorf("security center: %w", err)
		}
		list = []wmiProduct{one}
	}
	var found []Found
	for _, w := range list {
		name := strings.TrimSpace(w.DisplayName)
		if name == "" {
			continue
		}
		f := Found{Name: name, Source: "wmi", Active: w.ProductState&0x1000 != 0}
		if p, ok := ByName(known, name); ok {
			f.ID = p.ID
		}
		found = append(found, f)
	}
	return found, nil
}
