package composer

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"

	"github.com/modpack/modpack/internal/jsonpos"
)

// SetVersion returns data, a composer.json, with its version set to v.
// It edits the text rather than rewriting the document, so the rest of
// the file keeps its format: an existing version's value is replaced
// where it stands; a new version key goes last in the root object, as
// Composer's own edits add keys.
func SetVersion(data []byte, v string) ([]byte, error) {
	root, err := Decode(data)
	if err != nil {
		return nil, err
	}
	if _, ok := root.(*Object); !ok {
		return nil, errors.New("composer.json is not a JSON object")
	}
	index, err := jsonpos.Scan(data)
	if err != nil {
		return nil, err
	}
	quoted := strconv.Quote(v)

	// Replace an existing value: a string from its quote to the next
	// unescaped quote, anything else up to the next separator.
	if start, ok := index["/version"]; ok {
		end := valueEnd(data, start)
		out := append([]byte{}, data[:start]...)
		out = append(out, quoted...)
		return append(out, data[end:]...), nil
	}

	// Add the key after the last member of the root object.
	closing := bytes.LastIndexByte(data, '}')
	body := bytes.TrimRight(data[:closing], " \t\r\n")
	member := []byte(`"version": ` + quoted)
	var insert []byte
	switch {
	case len(bytes.TrimSpace(body)) == 1: // the object was empty
		insert = append([]byte("\n    "), member...)
		insert = append(insert, '\n')
	case bytes.Contains(data[:closing], []byte("\n")):
		insert = append([]byte(",\n"+memberIndent(data)), member...)
	default:
		insert = append([]byte(", "), member...)
	}
	out := append([]byte{}, body...)
	out = append(out, insert...)
	return append(out, data[len(body):]...), nil
}

var firstKeyIndent = regexp.MustCompile(`\{\s*?\n([ \t]*)"`)

// memberIndent returns the indentation of the root object's members.
func memberIndent(data []byte) string {
	if m := firstKeyIndent.FindSubmatch(data); m != nil {
		return string(m[1])
	}
	return "    "
}

// valueEnd returns the offset just past the JSON value starting at start.
func valueEnd(data []byte, start int) int {
	if data[start] != '"' {
		i := start
		for i < len(data) && !bytes.ContainsAny(data[i:i+1], ",}] \t\r\n") {
			i++
		}
		return i
	}
	for i := start + 1; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}
