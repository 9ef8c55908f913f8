package composer

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/modpack/modpack/magento"
)

// maxPHPFile bounds the PHP files read for class references; generated
// or vendored files past it are not the module's own code.
const maxPHPFile = 4 << 20

// A Requirement is a package a component needs, with the reason.
type Requirement struct {
	Package
	Because string // the first thing found that needs it
}

// A Gap is something a component uses that no known package provides,
// so its requirement must be written by hand.
type Gap struct {
	What    string // a module or class name
	Because string
}

func (g Gap) String() string {
	return fmt.Sprintf("%s (%s) is in no package modpack knows; "+
		"require its package by hand, or pass --magento-root", g.What, g.Because)
}

// Requirements returns the packages component c needs, sorted by name:
// magento/framework, the package of every module in its <sequence>, of
// the parent theme, and of every module whose classes its PHP code uses.
// Code under Test/ is left out: tests' needs belong in require-dev. What
// cat cannot place is returned as gaps.
func Requirements(c *magento.Component, cat *Catalog) ([]Requirement, []Gap) {
	found := map[string]Requirement{}
	var gaps []Gap
	need := func(p Package, because string) {
		if _, ok := found[p.Name]; !ok {
			found[p.Name] = Requirement{Package: p, Because: because}
		}
	}

	need(cat.Framework(), "every component builds on it")

	// Modules it loads after.
	if c.ModuleXML != nil {
		for _, m := range c.ModuleXML.Modules {
			for _, dep := range m.Sequence {
				if p, ok := cat.ByModule(dep.Name); ok {
					need(p, "etc/module.xml loads after "+dep.Name)
				} else {
					gaps = append(gaps, Gap{dep.Name, "etc/module.xml loads after it"})
				}
			}
		}
	}

	// The theme it inherits from, in the same area.
	if c.Theme != nil && c.Theme.Parent != "" {
		area, _, _ := strings.Cut(c.Name, "/")
		pkg := magento.ComposerName(magento.TypeTheme, area+"/"+c.Theme.Parent)
		if p := cat.pick(pkg); p.Constraint != "" {
			need(p, "theme.xml inherits from "+c.Theme.Parent)
		} else {
			gaps = append(gaps, Gap{c.Theme.Parent, "theme.xml inherits from it"})
		}
	}

	// Classes its PHP code uses.
	own := ""
	if c.Type == magento.TypeModule && c.Name != "" {
		own = strings.Replace(c.Name, "_", `\`, 1) + `\`
	}
	for _, ref := range classReferences(c.FS) {
		if own != "" && strings.HasPrefix(ref.class, own) {
			continue
		}
		p, ok := cat.ByClass(ref.class)
		switch {
		case ok:
			need(p, ref.file+" uses "+ref.class)
		case strings.HasPrefix(ref.class, `Magento\`):
			gaps = append(gaps, Gap{ref.class, ref.file + " uses it"})
		}
	}

	reqs := make([]Requirement, 0, len(found))
	for _, r := range found {
		reqs = append(reqs, r)
	}
	slices.SortFunc(reqs, func(a, b Requirement) int { return strings.Compare(a.Name, b.Name) })
	return reqs, gaps
}

type classRef struct {
	class string
	file  string // slash path relative to the component
}

// classReferences returns the classes that the PHP files of a component
// refer to, each once, with the first file that does.
func classReferences(fsys fs.FS) []classRef {
	var refs []classRef
	seen := map[string]bool{}
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // best effort: validate reports unreadable files
		}
		if d.IsDir() {
			if p != "." && (p == "Test" || skipDir(d.Name())) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(p, ".php") {
			return nil
		}
		if fi, err := d.Info(); err != nil || fi.Size() > maxPHPFile {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		// A file PHP cannot parse still names the classes before the
		// problem; validate reports the file itself.
		classes, _ := magento.ClassReferences(src)
		for _, class := range classes {
			if !seen[class] {
				seen[class] = true
				refs = append(refs, classRef{class, p})
			}
		}
		return nil
	})
	return refs
}

func skipDir(name string) bool {
	return name == "vendor" || name == "node_modules" || strings.HasPrefix(name, ".")
}
