package magento

import (
	"fmt"
	"io/fs"
	"strings"
)

// Files besides the integrations that name ACL resources.
const (
	systemXMLFile = "etc/adminhtml/system.xml"
	menuXMLFile   = "etc/adminhtml/menu.xml"
	controllerDir = "Controller"
)

// maxControllers bounds the controller files scanned for ADMIN_RESOURCE.
// Magento_Sales, among the largest modules, has under 200.
const maxControllers = 2000

// An aclRef is one place where a module names an ACL resource, with what
// Magento does when the resource does not exist.
type aclRef struct {
	file   string
	ref    NameRef
	effect string
}

// checkACLReferences checks that every resource that etc/webapi.xml,
// the admin's system.xml and menu.xml and the admin controllers name
// exists in tree. Magento asks its ACL about an unknown resource as if it
// were the root, so only a role or integration granted everything gets
// through: to everyone else the route, section, menu item or page is
// closed, with no message saying why.
func checkACLReferences(r *Report, c *Component, tree *ACLTree) {
	var refs []aclRef
	for _, rt := range c.WebAPI {
		for _, ref := range rt.refs {
			if ref.Name == refAnonymous || ref.Name == refSelf {
				continue
			}
			refs = append(refs, aclRef{webapiXMLFile, ref,
				fmt.Sprintf("only integrations granted everything can call %s", rt)})
		}
	}
	refs = append(refs, systemXMLRefs(r, c.FS)...)
	refs = append(refs, menuXMLRefs(r, c.FS)...)
	refs = append(refs, controllerRefs(c.FS)...)

	for _, ar := range refs {
		if _, ok := tree.Lookup(ar.ref.Name); ok {
			continue
		}
		hint := ""
		if near := tree.Closest(ar.ref.Name, 3); len(near) > 0 {
			hint = "; did you mean " + quoteList(near) + "?"
		}
		prefix, _, _ := strings.Cut(ar.ref.Name, "::")
		if prefix == c.Name {
			r.Add(ar.file, ar.ref.Pos, ruleACLRefOwn,
				"declare it in etc/acl.xml or correct the id"+hint,
				"resource %q is not declared in the module's etc/acl.xml, so %s",
				ar.ref.Name, ar.effect)
			continue
		}
		r.Add(ar.file, ar.ref.Pos, ruleACLRefForeign,
			"correct the id, or pass --magento-root if it comes from an installed module"+hint,
			"resource %q is not in the ACL of %s, so %s", ar.ref.Name, tree.Source, ar.effect)
	}
}

// systemXMLRefs returns the <resource> of each configuration section.
func systemXMLRefs(r *Report, fsys fs.FS) []aclRef {
	root := readRefDoc(r, fsys, systemXMLFile)
	if root == nil {
		return nil
	}
	var out []aclRef
	for _, sys := range root.children("system") {
		for _, sec := range sys.children("section") {
			id, _ := sec.attr("id")
			for _, res := range sec.children("resource") {
				if res.Text == "" {
					continue
				}
				out = append(out, aclRef{systemXMLFile, NameRef{res.Text, textPos(res)},
					fmt.Sprintf("only administrators granted everything can open section %q", id.Value)})
			}
		}
	}
	return out
}

// menuXMLRefs returns the resource attribute of each menu <add> and
// <update>.
func menuXMLRefs(r *Report, fsys fs.FS) []aclRef {
	root := readRefDoc(r, fsys, menuXMLFile)
	if root == nil {
		return nil
	}
	var out []aclRef
	for _, menu := range root.children("menu") {
		for _, item := range menu.Children {
			if item.Name != "add" && item.Name != "update" {
				continue
			}
			res, ok := item.attr("resource")
			if !ok || res.Value == "" {
				continue
			}
			id, _ := item.attr("id")
			out = append(out, aclRef{menuXMLFile, NameRef{res.Value, res.Pos},
				fmt.Sprintf("only administrators granted everything see menu item %q", id.Value)})
		}
	}
	return out
}

// readRefDoc parses the XML file rel of fsys, reporting a file that is
// not XML. It returns nil when the file is missing or unusable.
func readRefDoc(r *Report, fsys fs.FS, rel string) *xmlNode {
	data, ok := readConfig(r, fsys, rel)
	if !ok {
		return nil
	}
	root, err := parseXML(data)
	if err != nil {
		reportSyntax(r, rel, err)
		return nil
	}
	return root
}

// controllerRefs returns the ADMIN_RESOURCE constant of each controller
// that sets it to a string.
func controllerRefs(fsys fs.FS) []aclRef {
	var out []aclRef
	seen := 0
	fs.WalkDir(fsys, controllerDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || seen >= maxControllers {
			return nil // best effort: an unreadable controller is not checked
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(p, ".php") {
			return nil
		}
		seen++
		src, err := readLimited(fsys, p, maxConfigSize)
		if err != nil {
			return nil
		}
		if ref, ok := adminResource(src); ok {
			out = append(out, aclRef{p, ref,
				"only administrators granted everything can reach this controller"})
		}
		return nil
	})
	return out
}

// adminResource finds "const ADMIN_RESOURCE = '...'" in PHP source.
func adminResource(src []byte) (NameRef, bool) {
	lex := phpLexer{src: src}
	var prev [3]phpToken
	for {
		t := lex.next()
		if t.kind == phpEOF {
			return NameRef{}, false
		}
		if t.kind == phpString && prev[0].isPunct("=") &&
			prev[1].kind == phpName && prev[1].text == "ADMIN_RESOURCE" &&
			prev[2].isWord("const") {
			return NameRef{Name: t.value, Pos: positionAt(src, t.start)}, true
		}
		prev[2], prev[1], prev[0] = prev[1], prev[0], t
	}
}
