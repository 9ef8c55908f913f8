package magento

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/modpack/modpack/internal/jsonpos"
)

// A ComposerJSON holds the parts of a component's composer.json that
// say what the component is and how Magento loads it.
type ComposerJSON struct {
	Name          string
	Type          string
	Version       string
	Description   string
	License       []string // a single licence string becomes one entry
	AutoloadFiles []string
	PSR4          map[string][]string // namespace prefix to directories
	Require       map[string]string
	Extra         map[string]any

	lines lineIndex
	index jsonpos.Index
}

// Has reports whether composer.json has a value at JSON pointer ptr.
func (c *ComposerJSON) Has(ptr string) bool {
	_, ok := c.index[ptr]
	return ok
}

// Pos returns where the value at JSON pointer ptr starts, or where the
// nearest enclosing value starts when ptr is absent.
func (c *ComposerJSON) Pos(ptr string) Position {
	for {
		if off, ok := c.index[ptr]; ok {
			return c.lines.pos(off)
		}
		i := len(ptr) - 1
		for i >= 0 && ptr[i] != '/' {
			i--
		}
		if i < 0 {
			return Position{Line: 1, Col: 1}
		}
		ptr = ptr[:i]
	}
}

// ParseComposerJSON reads composer.json. It refuses what Composer
// refuses to parse, duplicate keys included, and reports fields of the
// wrong JSON type. It returns nil when data is not a JSON object.
func ParseComposerJSON(data []byte) (*ComposerJSON, []Finding) {
	const file = "composer.json"
	var r Report
	lines := newLineIndex(data)

	index, err := jsonpos.Scan(data)
	if err != nil {
		pos := Position{}
		var se *jsonpos.SyntaxError
		if errors.As(err, &se) {
			pos = lines.pos(se.Offset)
		}
		r.Add(file, pos, ruleComposerSyntax, "correct the JSON; `composer validate` shows the same spot",
			"%s", err)
		return nil, r.Findings
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		r.Add(file, lines.pos(0), ruleComposerSyntax, "make the file one JSON object, {...}",
			"composer.json is not a JSON object")
		return nil, r.Findings
	}

	c := &ComposerJSON{lines: lines, index: index}
	wrongType := func(ptr, want string) {
		r.Add(file, c.Pos(ptr), ruleComposerShape, "make it "+want,
			"%s is not %s", displayPointer(ptr), want)
	}

	c.Name = stringField(doc, "name", wrongType)
	c.Type = stringField(doc, "type", wrongType)
	c.Version = stringField(doc, "version", wrongType)
	c.Description = stringField(doc, "description", wrongType)
	if raw, ok := doc["license"]; ok {
		c.License = stringList(raw, "/license", wrongType)
	}
	if raw, ok := doc["extra"]; ok {
		if m, ok := raw.(map[string]any); ok {
			c.Extra = m
		} else {
			wrongType("/extra", "an object")
		}
	}

	if raw, ok := doc["require"]; ok {
		if m, ok := raw.(map[string]any); ok {
			c.Require = map[string]string{}
			for pkg, v := range m {
				s, ok := v.(string)
				if !ok {
					wrongType(jsonpos.Pointer("require", pkg), "a version constraint string")
					continue
				}
				c.Require[pkg] = s
			}
		} else {
			wrongType("/require", "an object of package names to constraints")
		}
	}

	autoload, ok := doc["autoload"].(map[string]any)
	if _, present := doc["autoload"]; present && !ok {
		wrongType("/autoload", "an object")
	}
	if raw, ok := autoload["files"]; ok {
		if _, isString := raw.(string); isString {
			wrongType("/autoload/files", "a list of files")
		} else {
			c.AutoloadFiles = stringList(raw, "/autoload/files", wrongType)
		}
	}
	if raw, ok := autoload["psr-4"]; ok {
		if m, ok := raw.(map[string]any); ok {
			c.PSR4 = map[string][]string{}
			for ns, v := range m {
				c.PSR4[ns] = stringList(v, jsonpos.Pointer("autoload", "psr-4", ns), wrongType)
			}
		} else {
			wrongType("/autoload/psr-4", "an object of namespaces to directories")
		}
	}
	return c, r.Findings
}

// displayPointer writes a JSON pointer the way people name fields:
// /autoload/psr-4 is autoload.psr-4, and a key with a dot or slash in it
// is quoted.
func displayPointer(ptr string) string {
	var parts []string
	for _, seg := range strings.Split(ptr, "/")[1:] {
		seg = strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)
		if strings.ContainsAny(seg, "./ ") {
			seg = strconv.Quote(seg)
		}
		parts = append(parts, seg)
	}
	return strings.Join(parts, ".")
}

func stringField(doc map[string]any, key string, wrongType func(ptr, want string)) string {
	raw, ok := doc[key]
	if !ok {
		return ""
	}
	s, ok := raw.(string)
	if !ok {
		wrongType("/"+key, "a string")
	}
	return s
}

// stringList reads a string or a list of strings, the two forms Composer
// accepts for autoload paths.
func stringList(raw any, ptr string, wrongType func(ptr, want string)) []string {
	switch v := raw.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				wrongType(fmt.Sprintf("%s/%d", ptr, i), "a string")
				continue
			}
			out = append(out, s)
		}
		return out
	}
	wrongType(ptr, "a string or a list of strings")
	return nil
}
