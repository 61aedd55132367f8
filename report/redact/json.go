package redact

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// KindFunc says what the string at a JSON path holds. The path lists the
// object keys from the top; array elements appear as "*". An object key
// itself is asked for with the path of its value and "{}" appended.
type KindFunc func(path []string) Kind

// LearnJSON learns from every string of a JSON document (see Learn).
func (r *Redactor) LearnJSON(data []byte, kind KindFunc) error {
	n, err := parseJSON(data)
	if err != nil {
		return err
	}
	n.walk(nil, kind, func(k Kind, s string) string { r.Learn(k, s); return s })
	return nil
}

// JSON rewrites every string and object key of a JSON document (see
// Rewrite), keeping the order of keys and the text of numbers. The result
// is compact JSON without HTML escaping.
func (r *Redactor) JSON(data []byte, kind KindFunc) ([]byte, error) {
	n, err := parseJSON(data)
	if err != nil {
		return nil, err
	}
	n.walk(nil, kind, r.Rewrite)
	var b bytes.Buffer
	n.encode(&b)
	return b.Bytes(), nil
}

// node is a JSON value that keeps the order of object keys.
type node struct {
	kind byte // '{', '[', 's', 'n' (number, bool, null: raw text)
	keys []string
	vals []*node
	text string
}

func parseJSON(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("redact: trailing data after JSON value")
	}
	return n, nil
}

func parseValue(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &node{kind: byte(t)}
		for dec.More() {
			if t == '{' {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				ks, _ := k.(string)
				n.keys = append(n.keys, ks)
			}
			v, err := parseValue(dec)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		if _, err := dec.Token(); err != nil { // closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return &node{kind: 's', text: t}, nil
	case json.Number:
		return &node{kind: 'n', text: t.String()}, nil
	case bool:
		if t {
			return &node{kind: 'n', text: "true"}, nil
		}
		return &node{kind: 'n', text: "false"}, nil
	case nil:
		return &node{kind: 'n', text: "null"}, nil
	}
	return nil, errors.New("redact: unexpected JSON token")
}

func (n *node) walk(path []string, kind KindFunc, f func(Kind, string) string) {
	k := func(p []string) Kind {
		if kind == nil {
			return Text
		}
		return kind(p)
	}
	switch n.kind {
	case 's':
		n.text = f(k(path), n.text)
	case '{':
		for i := range n.vals {
			p := append(path[:len(path):len(path)], n.keys[i])
			if !identifier(n.keys[i]) { // field names stay; paths as keys do not
				n.keys[i] = f(k(append(p[:len(p):len(p)], "{}")), n.keys[i])
			}
			n.vals[i].walk(p, kind, f)
		}
	case '[':
		p := append(path[:len(path):len(path)], "*")
		for _, v := range n.vals {
			v.walk(p, kind, f)
		}
	}
}

func (n *node) encode(b *bytes.Buffer) {
	switch n.kind {
	case 's':
		writeString(b, n.text)
	case 'n':
		b.WriteString(n.text)
	case '{', '[':
		b.WriteByte(n.kind)
		for i, v := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			if n.kind == '{' {
				writeString(b, n.keys[i])
				b.WriteByte(':')
			}
			v.encode(b)
		}
		if n.kind == '{' {
			b.WriteByte('}')
		} else {
			b.WriteByte(']')
		}
	}
}

func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}

// identifier: a key made of ASCII letters, digits and '_' (a field name).
func identifier(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			return false
		}
	}
	return s != ""
}
