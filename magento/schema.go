package magento

import (
	"errors"
	"fmt"
	"strings"
)

// An elemSpec is the part of an XML schema that Magento's configuration
// files rely on: which attributes and child elements an element may
// have, how often, and whether their order matters.
type elemSpec struct {
	attrs    []attrSpec
	children []childSpec
	ordered  bool // xs:sequence: children appear in the listed order
	text     bool // character data is allowed
}

// textSpec is an element that holds only text.
var textSpec = &elemSpec{text: true}

type attrSpec struct {
	name     string
	required bool
}

type childSpec struct {
	name string
	min  int
	max  int // 0 means unbounded
	spec *elemSpec
}

// checkShape reports, under rule, every way in which n and the elements
// below it break spec. It returns nothing: the caller reads the values it
// needs from n whatever the outcome, so that one problem does not hide
// the others.
func checkShape(r *Report, file string, rule *Rule, n *xmlNode, spec *elemSpec) {
	// Attributes: the known ones, and every required one. Attributes in
	// a namespace (xmlns, xsi:noNamespaceSchemaLocation) are always fine.
	for _, a := range n.Attrs {
		if a.Space != "" || a.Name == "xmlns" {
			continue
		}
		if !spec.allowsAttr(a.Name) {
			r.Add(file, a.Pos, rule, fmt.Sprintf("remove it%s", spec.attrHint()),
				"<%s> has no attribute %q", n.Name, a.Name)
		}
	}
	for _, as := range spec.attrs {
		if _, ok := n.attr(as.name); as.required && !ok {
			r.Add(file, n.Pos, rule, fmt.Sprintf("add %s=\"...\"", as.name),
				"<%s> needs a %q attribute", n.Name, as.name)
		}
	}

	if !spec.text && n.Text != "" {
		r.Add(file, n.TextPos, rule, "remove the text",
			"<%s> holds text, which its schema does not allow", n.Name)
	}

	// Children: each known, in order where order matters, and each
	// present as often as the schema says.
	counts := map[string]int{}
	last := -1
	for _, c := range n.Children {
		i := spec.childIndex(c.Name)
		if i < 0 {
			r.Add(file, c.Pos, rule, fmt.Sprintf("remove it%s", spec.childHint()),
				"<%s> may not contain <%s>", n.Name, c.Name)
			continue
		}
		cs := spec.children[i]
		counts[c.Name]++
		if cs.max > 0 && counts[c.Name] == cs.max+1 {
			r.Add(file, c.Pos, rule, "remove the extra one",
				"<%s> may contain <%s> at most %s", n.Name, c.Name, times(cs.max))
		}
		if spec.ordered && i < last {
			r.Add(file, c.Pos, rule,
				fmt.Sprintf("put the children in the order %s", spec.childOrder()),
				"<%s> must come before <%s>", c.Name, spec.children[last].name)
		}
		last = max(last, i)
		if cs.spec != nil {
			checkShape(r, file, rule, c, cs.spec)
		}
	}
	for _, cs := range spec.children {
		if counts[cs.name] < cs.min {
			r.Add(file, n.Pos, rule, fmt.Sprintf("add <%s>", cs.name),
				"<%s> needs %s <%s>", n.Name, atLeast(cs.min), cs.name)
		}
	}
}

func (s *elemSpec) allowsAttr(name string) bool {
	for _, a := range s.attrs {
		if a.name == name {
			return true
		}
	}
	return false
}

func (s *elemSpec) childIndex(name string) int {
	for i, c := range s.children {
		if c.name == name {
			return i
		}
	}
	return -1
}

func (s *elemSpec) attrHint() string {
	if len(s.attrs) == 0 {
		return "; this element takes no attributes"
	}
	var names []string
	for _, a := range s.attrs {
		names = append(names, a.name)
	}
	return "; allowed: " + strings.Join(names, ", ")
}

func (s *elemSpec) childHint() string {
	if len(s.children) == 0 {
		return "; this element takes no child elements"
	}
	return "; allowed: " + s.childOrder()
}

func (s *elemSpec) childOrder() string {
	var names []string
	for _, c := range s.children {
		names = append(names, "<"+c.name+">")
	}
	return strings.Join(names, ", ")
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

func atLeast(n int) string {
	if n == 1 {
		return "one"
	}
	return fmt.Sprintf("at least %d", n)
}

// A docSpec describes one kind of XML configuration file.
type docSpec struct {
	file string // path within the component, for findings
	root string // name of the root element
	spec *elemSpec
	rule *Rule // the rule its schema findings come under
}

// readDoc parses data as a d.file and reports where it breaks d's schema.
// It reports false when data is not XML. A document with the wrong root
// element yields an empty root, so that nothing is read from it.
func readDoc(r *Report, data []byte, d docSpec) (*xmlNode, bool) {
	root, err := parseXML(data)
	if err != nil {
		reportSyntax(r, d.file, err)
		return nil, false
	}
	if root.Name != d.root {
		r.Add(d.file, root.Pos, d.rule, fmt.Sprintf("make <%s> the root element", d.root),
			"root element is <%s>, not <%s>", root.Name, d.root)
		return &xmlNode{Name: d.root}, true
	}
	checkShape(r, d.file, d.rule, root, d.spec)
	return root, true
}

// reportSyntax records err, from parseXML, as a finding about file.
func reportSyntax(r *Report, file string, err error) {
	pos, msg := Position{}, err.Error()
	var se *SyntaxError
	if errors.As(err, &se) {
		pos, msg = se.Pos, se.Msg
	}
	r.Add(file, pos, ruleXMLSyntax, "", "%s", msg)
}
