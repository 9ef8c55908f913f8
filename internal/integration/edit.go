// Package integration edits the resource lists of Magento integration
// files in place. Edits touch only the <resource> elements they add or
// remove, so formatting, comments and everything else in the file stay
// as they were, and an add followed by the matching remove gives back
// the same bytes.
package integration

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/modpack/modpack/magento"
)

// A Doc is an integration file read for editing: etc/integration.xml or
// etc/integration/api.xml.
type Doc struct {
	data         []byte
	integrations []*block
}

// A block is one <integration> element and the places of its parts.
type block struct {
	name      string
	start     int // of "<integration"
	closeTag  int // of "</integration>", or -1 when it closes itself
	resources span
	hasList   bool // a <resources> element exists
	selfClose bool // it is written <resources/>
	items     []item
}

type span struct{ start, end int }

type item struct {
	name string
	span
}

// Parse reads an integration file.
func Parse(data []byte) (*Doc, error) {
	d := &Doc{data: data}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true

	var (
		depth int
		cur   *block
		inRes bool
	)
	for {
		start := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		end := int(dec.InputOffset())

		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 2 && t.Name.Local == "integration":
				cur = &block{name: attr(t, "name"), start: start, closeTag: -1}
				d.integrations = append(d.integrations, cur)
			case depth == 3 && cur != nil && t.Name.Local == "resources":
				inRes = true
				cur.hasList = true
				cur.resources = span{start, end}
				cur.selfClose = bytes.HasSuffix(data[start:end], []byte("/>"))
			case depth == 4 && inRes && t.Name.Local == "resource":
				cur.items = append(cur.items, item{attr(t, "name"), span{start, end}})
			}
		case xml.EndElement:
			switch {
			case depth == 2 && cur != nil:
				if end > start {
					cur.closeTag = start
				}
				cur = nil
			case depth == 3 && inRes:
				inRes = false
				cur.resources.end = end
			case depth == 4 && inRes && len(cur.items) > 0:
				cur.items[len(cur.items)-1].end = end
			}
			depth--
		}
	}
	if len(d.integrations) == 0 {
		return nil, errors.New("the file declares no <integration>")
	}
	return d, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// Bytes returns the file's content.
func (d *Doc) Bytes() []byte { return d.data }

// Names returns the names of the integrations the file declares.
func (d *Doc) Names() []string {
	var out []string
	for _, b := range d.integrations {
		out = append(out, b.name)
	}
	return out
}

// Resources returns the resources integration name lists.
func (d *Doc) Resources(name string) ([]string, error) {
	b, err := d.find(name)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range b.items {
		out = append(out, it.name)
	}
	return out, nil
}

// find returns the integration called name, or the only one when name
// is "".
func (d *Doc) find(name string) (*block, error) {
	if name == "" {
		if len(d.integrations) > 1 {
			return nil, fmt.Errorf("the file declares %d integrations (%s); pick one with --integration",
				len(d.integrations), strings.Join(d.Names(), ", "))
		}
		return d.integrations[0], nil
	}
	for _, b := range d.integrations {
		if b.name == name {
			return b, nil
		}
	}
	return nil, fmt.Errorf("the file declares no integration %q; it has %s",
		name, strings.Join(d.Names(), ", "))
}

// Add lists ids, with every ancestor each has in tree, in integration
// name. Each new entry goes where Magento's tree order puts it among the
// entries already there. It returns the ids it added; ids listed already
// are left alone, and unknown ones are an error.
func (d *Doc) Add(name string, ids []string, tree *magento.ACLTree) ([]string, error) {
	b, err := d.find(name)
	if err != nil {
		return nil, err
	}
	want, unknown := magento.WithAncestors(tree, ids)
	if len(unknown) > 0 {
		return nil, tree.UnknownError(unknown)
	}

	listed := map[string]bool{}
	for _, it := range b.items {
		listed[it.name] = true
	}
	var added []string
	for _, id := range want {
		if !listed[id] {
			added = append(added, id)
		}
	}
	if len(added) == 0 {
		return nil, nil
	}

	if len(b.items) == 0 {
		d.data = d.withList(b, added)
	} else {
		d.data = d.insert(b, added, tree)
	}
	return added, d.reparse()
}

// insert places each of added before the first listed entry that
// follows it in tree order, or after the last entry.
func (d *Doc) insert(b *block, added []string, tree *magento.ACLTree) []byte {
	var all []string
	for _, it := range b.items {
		all = append(all, it.name)
	}
	order := tree.InTreeOrder(append(all, added...))
	rank := map[string]int{}
	for i, id := range order {
		if _, ok := rank[id]; !ok {
			rank[id] = i
		}
	}

	type insertion struct {
		at   int
		text string
	}
	var ins []insertion
	for _, id := range added {
		anchor := -1
		for i, it := range b.items {
			if rank[it.name] > rank[id] {
				anchor = i
				break
			}
		}
		if anchor >= 0 {
			it := b.items[anchor]
			if indent, ok := d.aloneOnLine(it.span); ok {
				ins = append(ins, insertion{lineStart(d.data, it.start), indent + element(id) + "\n"})
			} else {
				ins = append(ins, insertion{it.start, element(id)})
			}
			continue
		}
		last := b.items[len(b.items)-1]
		if indent, ok := d.aloneOnLine(last.span); ok {
			ins = append(ins, insertion{lineEnd(d.data, last.end), indent + element(id) + "\n"})
		} else {
			ins = append(ins, insertion{last.end, element(id)})
		}
	}

	// Apply from the end, keeping the order of entries that share a place.
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].at < ins[j].at })
	out := d.data
	for i := len(ins) - 1; i >= 0; i-- {
		at := ins[i].at
		text := ins[i].text
		for i > 0 && ins[i-1].at == at {
			i--
			text = ins[i].text + text
		}
		out = slices.Concat(out[:at], []byte(text), out[at:])
	}
	return out
}

// withList writes a <resources> list holding ids into b, which lists
// nothing yet.
func (d *Doc) withList(b *block, ids []string) []byte {
	inner, _ := d.aloneOnLine(span{b.start, b.start})
	child := inner + d.indentUnit(b)
	var lines strings.Builder
	for _, id := range ids {
		lines.WriteString(child + d.indentUnit(b) + element(id) + "\n")
	}
	list := "<resources>\n" + lines.String() + child + "</resources>"

	switch {
	case b.hasList:
		return slices.Concat(d.data[:b.resources.start], []byte(list), d.data[b.resources.end:])
	case b.closeTag >= 0:
		at := lineStart(d.data, b.closeTag)
		return slices.Concat(d.data[:at], []byte(child+list+"\n"), d.data[at:])
	}
	return d.data
}

// indentUnit returns one level of the file's indentation, taken from the
// integration's first child, or four spaces.
func (d *Doc) indentUnit(b *block) string {
	outer, _ := d.aloneOnLine(span{b.start, b.start})
	next := lineEnd(d.data, b.start)
	if next < len(d.data) {
		line := d.data[next:lineEnd(d.data, next)]
		inner := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
		if len(inner) > len(outer) && strings.HasPrefix(string(inner), outer) {
			return string(inner[len(outer):])
		}
	}
	return "    "
}

// Remove deletes ids from integration name. It refuses, changing
// nothing, an id that is not listed, one that another listed resource
// needs as an ancestor, and removing the last entry, which the schema
// forbids.
func (d *Doc) Remove(name string, ids []string, tree *magento.ACLTree) error {
	b, err := d.find(name)
	if err != nil {
		return err
	}
	drop := map[string]bool{}
	for _, id := range ids {
		drop[id] = true
	}

	var kept []string
	for _, it := range b.items {
		if !drop[it.name] {
			kept = append(kept, it.name)
		}
	}
	for _, id := range ids {
		if !slices.ContainsFunc(b.items, func(it item) bool { return it.name == id }) {
			return fmt.Errorf("integration %q does not list %q", b.name, id)
		}
		var needers []string
		for _, k := range kept {
			if slices.Contains(tree.Ancestors(k), id) {
				needers = append(needers, k)
			}
		}
		if len(needers) > 0 {
			return fmt.Errorf("%q is the parent of %s, which Magento denies without it; remove %s too",
				id, strings.Join(needers, ", "), plural(needers))
		}
	}
	if len(kept) == 0 {
		return fmt.Errorf("integration %q would list no resource, which its schema forbids; "+
			"keep at least one", b.name)
	}

	out := d.data
	for i := len(b.items) - 1; i >= 0; i-- {
		it := b.items[i]
		if !drop[it.name] {
			continue
		}
		cut := it.span
		if _, ok := d.aloneOnLine(it.span); ok {
			cut = span{lineStart(out, it.start), lineEnd(out, it.end)}
		}
		out = slices.Concat(out[:cut.start], out[cut.end:])
	}
	d.data = out
	return d.reparse()
}

func plural(list []string) string {
	if len(list) == 1 {
		return "it"
	}
	return "them"
}

// reparse reads the edited data again, so that the places in d stay
// true for a further edit.
func (d *Doc) reparse() error {
	nd, err := Parse(d.data)
	if err != nil {
		return fmt.Errorf("the edit broke the file, which is a bug in modpack: %v", err)
	}
	*d = *nd
	return nil
}

// aloneOnLine reports whether s is the only thing on its line apart from
// white space, and returns the white space before it.
func (d *Doc) aloneOnLine(s span) (string, bool) {
	ls := lineStart(d.data, s.start)
	before := d.data[ls:s.start]
	if len(bytes.TrimLeft(before, " \t")) != 0 {
		return "", false
	}
	after := d.data[s.end:lineEnd(d.data, s.end)]
	return string(before), len(bytes.TrimSpace(after)) == 0
}

// lineStart returns the offset at which the line holding off starts.
func lineStart(data []byte, off int) int {
	return bytes.LastIndexByte(data[:off], '\n') + 1
}

// lineEnd returns the offset just past the newline that ends the line
// holding off, or the end of data.
func lineEnd(data []byte, off int) int {
	if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(data)
}

func element(id string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(id)) // writes to a Builder cannot fail
	return `<resource name="` + b.String() + `"/>`
}
