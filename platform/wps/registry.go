package wps

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// RegRoot names a registry hive.
type RegRoot string

const (
	HKCU RegRoot = "HKCU"
	// HKLM is read through both the 64-bit and the 32-bit (WOW6432Node)
	// view, because WPS is a 32-bit installer on 64-bit Windows.
	HKLM RegRoot = "HKLM"
)

// ErrNoValue is returned when a registry key or value does not exist.
var ErrNoValue = errors.New("registry value not found")

// Registry reads string values (REG_SZ, REG_EXPAND_SZ unexpanded).
type Registry interface {
	GetString(root RegRoot, key, value string) (string, error)
}

// MapRegistry is a registry held in memory: "HKCU\Key\Path" -> value name
// -> data. Key and value names match case-insensitively, as on Windows.
type MapRegistry map[string]map[string]string

// LoadRegistryFixture reads a MapRegistry from a JSON file of the form
// {"HKCU\\Software\\Kingsoft\\Office\\6.0\\Common": {"InstallRoot": "..."}}.
func LoadRegistryFixture(path string) (MapRegistry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m MapRegistry
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("registry fixture %s: %w", path, err)
	}
	return m, nil
}

func (m MapRegistry) GetString(root RegRoot, key, value string) (string, error) {
	want := string(root) + `\` + strings.Trim(key, `\`)
	for k, values := range m {
		if !strings.EqualFold(k, want) {
			continue
		}
		for name, data := range values {
			if strings.EqualFold(name, value) {
				return data, nil
			}
		}
	}
	return "", ErrNoValue
}

// Registry locations WPS writes (wps-facts §1.1).
const (
	keyCommon   = `Software\Kingsoft\Office\6.0\Common`
	keyWPSDrive = `Software\Kingsoft\wpscloud\usercenter\wpsdrive`
)

// uninstallKeys: "Kingsoft Office" for personal, international and
// professional builds; one script reports "WPS Office" for education builds.
var uninstallKeys = []string{
	`Software\Microsoft\Windows\CurrentVersion\Uninstall\Kingsoft Office`,
	`Software\Microsoft\Windows\CurrentVersion\Uninstall\WPS Office`,
}
