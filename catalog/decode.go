package catalog

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// assign lays the decoded TOML value v (map[string]any, []any,
// []map[string]any, string, int64, float64, bool or a date) over rv,
// checking its type wherever it appears: a table where a table belongs, an
// integer that fits, and so on. Keys are matched to `toml` tags exactly.
// A map entry and a pointer get a fresh value (a family in an override
// replaces the built-in family whole); struct fields are set one by one
// (an override replaces only the thresholds it names). Unknown keys are
// collected in unknown and skipped, so all of them can be reported at once.
func assign(path string, v any, rv reflect.Value, unknown *unknownKeys) error {
	switch rv.Kind() {
	case reflect.Pointer:
		p := reflect.New(rv.Type().Elem())
		if err := assign(path, v, p.Elem(), unknown); err != nil {
			return err
		}
		rv.Set(p)
		return nil
	case reflect.Struct:
		return assignStruct(path, v, rv, unknown)
	case reflect.Map:
		return assignMap(path, v, rv, unknown)
	case reflect.Slice:
		return assignSlice(path, v, rv, unknown)
	}
	return assignScalar(path, v, rv)
}

// assignStruct fills a struct from a table; keys without a field are
// collected as unknown.
func assignStruct(path string, v any, rv reflect.Value, unknown *unknownKeys) error {
	m, ok := v.(map[string]any)
	if !ok {
		return typeError(path, "a table", v)
	}
	for _, k := range sortedKeys(m) {
		f, ok := fieldByTag(rv.Type(), k)
		if !ok {
			unknown.add(join(path, k))
			continue
		}
		if err := assign(join(path, k), m[k], rv.FieldByIndex(f.Index), unknown); err != nil {
			return err
		}
	}
	return nil
}

// assignMap lays a table's entries over a map (entries not named stay).
func assignMap(path string, v any, rv reflect.Value, unknown *unknownKeys) error {
	m, ok := v.(map[string]any)
	if !ok {
		return typeError(path, "a table", v)
	}
	if rv.IsNil() {
		rv.Set(reflect.MakeMapWithSize(rv.Type(), len(m)))
	}
	for _, k := range sortedKeys(m) {
		e := reflect.New(rv.Type().Elem()).Elem()
		if err := assign(join(path, k), m[k], e, unknown); err != nil {
			return err
		}
		rv.SetMapIndex(reflect.ValueOf(k).Convert(rv.Type().Key()), e)
	}
	return nil
}

// assignSlice replaces a slice with an array's items.
func assignSlice(path string, v any, rv reflect.Value, unknown *unknownKeys) error {
	var items []any
	switch a := v.(type) {
	case []any:
		items = a
	case []map[string]any:
		items = make([]any, len(a))
		for i := range a {
			items[i] = a[i]
		}
	default:
		return typeError(path, "an array", v)
	}
	s := reflect.MakeSlice(rv.Type(), len(items), len(items))
	for i, it := range items {
		if err := assign(path+"["+strconv.Itoa(i)+"]", it, s.Index(i), unknown); err != nil {
			return err
		}
	}
	rv.Set(s)
	return nil
}

// assignScalar sets a string, number or boolean, refusing any other type.
func assignScalar(path string, v any, rv reflect.Value) error {
	switch rv.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return typeError(path, "a string", v)
		}
		rv.SetString(s)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(int64)
		if !ok {
			return typeError(path, "an integer", v)
		}
		if rv.OverflowInt(n) {
			return fmt.Errorf("%s: %d is out of range", path, n)
		}
		rv.SetInt(n)
		return nil
	case reflect.Float32, reflect.Float64:
		switch n := v.(type) {
		case float64:
			rv.SetFloat(n)
		case int64:
			rv.SetFloat(float64(n))
		default:
			return typeError(path, "a number", v)
		}
		return nil
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return typeError(path, "true or false", v)
		}
		rv.SetBool(b)
		return nil
	}
	// A field type this function does not know is a bug of this package.
	return fmt.Errorf("%s: cannot decode into %s", path, rv.Type())
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name != "" && name != "-" && name == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func typeError(path, want string, got any) error {
	if path == "" {
		path = "the file"
	}
	return fmt.Errorf("%s: want %s, got %s", path, want, tomlType(got))
}

// tomlType names the TOML type of a decoded value.
func tomlType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	}
	return "a date or time"
}

// unknownKeys collects the keys no field takes, keeping the first few.
type unknownKeys struct {
	first []string
	n     int
}

func (u *unknownKeys) add(k string) {
	u.n++
	if len(u.first) < maxUnknownShown {
		u.first = append(u.first, shorten(k, 48, false))
	}
}

func (u *unknownKeys) err() error {
	if u.n == 0 {
		return nil
	}
	word := "key"
	if u.n > 1 {
		word = "keys"
	}
	msg := fmt.Sprintf("unknown %s %s", word, strings.Join(u.first, ", "))
	if more := u.n - len(u.first); more > 0 {
		msg += fmt.Sprintf(" and %d more", more)
	}
	return fmt.Errorf("%s", msg)
}
