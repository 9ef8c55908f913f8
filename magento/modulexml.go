package magento

import (
	"fmt"
	"regexp"
)

var setupVersionPattern = regexp.MustCompile(`^[0-9.]+$`)

// A ModuleXML is the content of etc/module.xml.
type ModuleXML struct {
	Modules []ModuleDecl
}

// A ModuleDecl is one <module> element.
type ModuleDecl struct {
	Name         string
	NamePos      Position
	SetupVersion string
	Sequence     []NameRef
	Pos          Position
}

// A NameRef is a name as it stands in a file.
type NameRef struct {
	Name string
	Pos  Position
}

var moduleXMLDoc = docSpec{
	file: "etc/module.xml",
	root: "config",
	rule: ruleModuleSchema,
	spec: &elemSpec{
		children: []childSpec{{name: "module", min: 1, spec: &elemSpec{
			attrs: []attrSpec{{name: "name", required: true}, {name: "setup_version"}},
			children: []childSpec{{name: "sequence", max: 1, spec: &elemSpec{
				children: []childSpec{{name: "module", spec: &elemSpec{
					attrs: []attrSpec{{name: "name", required: true}},
				}}},
			}}},
		}}},
	},
}

// ParseModuleXML reads etc/module.xml and reports where it breaks
// Magento's module.xsd. It returns nil only when data is not XML.
func ParseModuleXML(data []byte) (*ModuleXML, []Finding) {
	const file = "etc/module.xml"
	var r Report
	root, ok := readDoc(&r, data, moduleXMLDoc)
	if !ok {
		return nil, r.Findings
	}

	mx := &ModuleXML{}

	seen := map[string]bool{}
	for _, m := range root.children("module") {
		decl := ModuleDecl{Pos: m.Pos}
		if a, ok := m.attr("name"); ok {
			decl.Name, decl.NamePos = a.Value, a.Pos
			checkModuleName(&r, file, a.Value, a.Pos)
			if seen[a.Value] {
				r.Add(file, a.Pos, ruleModuleDup, "remove the second <module>",
					"module %q is declared twice", a.Value)
			}
			seen[a.Value] = true
		}
		if a, ok := m.attr("setup_version"); ok {
			decl.SetupVersion = a.Value
			if !setupVersionPattern.MatchString(a.Value) {
				r.Add(file, a.Pos, ruleSetupVersion,
					"use digits and dots such as \"1.0.0\", or remove it",
					"setup_version %q is not digits and dots", a.Value)
			} else {
				r.Add(file, a.Pos, ruleSetupVersionDS,
					"remove setup_version if the module uses declarative schema",
					"setup_version %q is set; Magento's own modules leave it out since 2.3", a.Value)
			}
		}
		decl.Sequence = readSequence(&r, file, m, decl.Name)
		mx.Modules = append(mx.Modules, decl)
	}
	return mx, r.Findings
}

// readSequence returns the modules listed in m's <sequence> and reports
// duplicates, bad names and a module that waits for itself.
func readSequence(r *Report, file string, m *xmlNode, self string) []NameRef {
	var refs []NameRef
	seen := map[string]bool{}
	for _, seq := range m.children("sequence") {
		for _, dep := range seq.children("module") {
			a, ok := dep.attr("name")
			if !ok {
				continue
			}
			checkModuleName(r, file, a.Value, a.Pos)
			switch {
			case a.Value == self:
				r.Add(file, a.Pos, ruleSequenceSelf, "remove it",
					"module %q lists itself in <sequence>", a.Value)
			case seen[a.Value]:
				r.Add(file, a.Pos, ruleSequenceDup, "remove the second entry",
					"module %q is listed twice in <sequence>", a.Value)
			}
			seen[a.Value] = true
			refs = append(refs, NameRef{Name: a.Value, Pos: a.Pos})
		}
	}
	return refs
}

func checkModuleName(r *Report, file, name string, pos Position) {
	if moduleNamePattern.MatchString(name) {
		return
	}
	r.Add(file, pos, ruleModuleName,
		"use Vendor_Module: two capitalized words of letters and digits joined by one underscore",
		"module name %q is not of the form Vendor_Module", name)
}

// quoteList formats names for a message: "a", "b" or "c".
func quoteList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("%q", names[0])
	}
	s := ""
	for i, n := range names[:len(names)-1] {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", n)
	}
	return s + fmt.Sprintf(" or %q", names[len(names)-1])
}
