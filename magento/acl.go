package magento

import (
	"strconv"
	"unicode/utf8"
)

// An ACL is the content of etc/acl.xml.
type ACL struct {
	Resources []ACLDecl // in document order, parents before children
}

// An ACLDecl is one <resource> element of etc/acl.xml.
type ACLDecl struct {
	ID        string
	Parent    string // the id of the enclosing <resource>, "" at the top
	Title     string
	HasTitle  bool
	SortOrder int
	Pos       Position
	IDPos     Position
	TitlePos  Position
}

var aclResourceSpec = &elemSpec{
	attrs: []attrSpec{
		{name: "id", required: true},
		{name: "title"},
		{name: "translate"},
		{name: "sortOrder"},
		{name: "disabled"},
	},
}

var aclDoc = docSpec{
	file: "etc/acl.xml",
	root: "config",
	rule: ruleACLSchema,
	spec: &elemSpec{
		children: []childSpec{{name: "acl", min: 1, max: 1, spec: &elemSpec{
			children: []childSpec{{name: "resources", min: 1, max: 1, spec: &elemSpec{
				children: []childSpec{{name: "resource", spec: aclResourceSpec}},
			}}},
		}}},
	},
}

func init() {
	// Resources nest to any depth.
	aclResourceSpec.children = []childSpec{{name: "resource", spec: aclResourceSpec}}
}

// ParseACL reads etc/acl.xml and reports where it breaks Magento's
// acl.xsd. Whether titles are required depends on which resources are
// new to Magento, which only Check knows. It returns nil only when data
// is not XML.
func ParseACL(data []byte) (*ACL, []Finding) {
	const file = "etc/acl.xml"
	var r Report
	root, ok := readDoc(&r, data, aclDoc)
	if !ok {
		return nil, r.Findings
	}

	acl := &ACL{}

	seen := map[string]bool{}
	var walk func(n *xmlNode, parent string)
	walk = func(n *xmlNode, parent string) {
		for _, c := range n.children("resource") {
			d := readACLResource(&r, file, c, parent)
			if d.ID != "" {
				if seen[d.ID] {
					r.Add(file, d.IDPos, ruleACLDup,
						"declare each id once; nest children under the first one",
						"resource %q is declared twice", d.ID)
				}
				seen[d.ID] = true
				acl.Resources = append(acl.Resources, d)
			}
			walk(c, d.ID)
		}
	}
	for _, a := range root.children("acl") {
		for _, res := range a.children("resources") {
			walk(res, "")
		}
	}
	return acl, r.Findings
}

// readACLResource reads one <resource> and checks its attribute values.
func readACLResource(r *Report, file string, n *xmlNode, parent string) ACLDecl {
	d := ACLDecl{Parent: parent, Pos: n.Pos}

	if a, ok := n.attr("id"); ok {
		d.ID, d.IDPos = a.Value, a.Pos
		if !aclIDPattern.MatchString(a.Value) {
			r.Add(file, a.Pos, ruleACLID,
				"use Vendor_Module::name, with letters, digits and underscores after the ::",
				"resource id %q is not of the form Vendor_Module::name", a.Value)
		}
	}

	if a, ok := n.attr("title"); ok {
		d.Title, d.HasTitle, d.TitlePos = a.Value, true, a.Pos
		if n := utf8.RuneCountInString(a.Value); n < 3 || n > 50 {
			r.Add(file, a.Pos, ruleACLTitleLen, "use a title of 3 to 50 characters",
				"title %q of resource %q is %d characters long", a.Value, d.ID, n)
		}
	}

	if a, ok := n.attr("sortOrder"); ok {
		n, err := strconv.ParseInt(a.Value, 10, 32)
		d.SortOrder = int(n)
		if err != nil {
			r.Add(file, a.Pos, ruleACLAttr, "use a whole number",
				"sortOrder %q is not an integer", a.Value)
		}
	}
	if a, ok := n.attr("disabled"); ok {
		switch a.Value {
		case "true", "false", "1", "0":
		default:
			r.Add(file, a.Pos, ruleACLAttr, `use "true" or "false"`,
				"disabled %q is not a boolean", a.Value)
		}
	}
	return d
}
