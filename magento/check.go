package magento

import (
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Options controls Check.
type Options struct {
	// ACL is the tree that resource ids are resolved against. Nil means
	// the tree of Magento Open Source 2.4.6-p1 that modpack embeds.
	ACL *ACLTree

	// SkipFileNames leaves out the walk over every file for names that
	// are not UTF-8, for callers that look at every name themselves.
	SkipFileNames bool
}

// Check reads the component in dir and reports every way in which it
// breaks the rules in the package documentation. The report holds the
// component as far as it could be read, even when files are missing or
// malformed.
func Check(dir string, opts Options) *Report {
	return CheckFS(os.DirFS(dir), dir, opts)
}

// CheckFS is Check for a component whose files are the root of fsys,
// such as an opened zip; name stands for it in the report.
func CheckFS(fsys fs.FS, name string, opts Options) *Report {
	tree := opts.ACL
	if tree == nil {
		tree = defaultACL()
	}

	r := &Report{}
	c := load(r, fsys, name)
	r.Component = c

	checkRegistration(r, c)
	switch c.Type {
	case TypeModule:
		checkModuleXML(r, c)
	case TypeTheme:
		if c.Theme == nil && !r.has("theme.xml") {
			r.Add("theme.xml", Position{}, ruleThemeMissing,
				"add theme.xml with at least a <title>", "theme has no theme.xml")
		}
	case TypeLanguage:
		checkLanguageXML(r, c)
	}
	merged := checkACL(r, c, tree)
	checkIntegrations(r, c, merged)
	checkACLReferences(r, c, merged)
	checkComposer(r, c)
	if !opts.SkipFileNames {
		checkFileNames(r, fsys)
	}

	r.Sort()
	return r
}

// has reports whether r already holds a finding about file, such as
// "unreadable", which makes a "missing" finding redundant.
func (r *Report) has(file string) bool {
	for _, f := range r.Findings {
		if f.File == file {
			return true
		}
	}
	return false
}

// checkRegistration checks what registration.php declares.
func checkRegistration(r *Report, c *Component) {
	const file = "registration.php"
	reg := c.Registration
	if reg == nil {
		if !r.has(file) {
			r.Add(file, Position{}, ruleRegMissing,
				"add registration.php calling ComponentRegistrar::register",
				"component has no registration.php")
		}
		return
	}

	if reg.Type == "" {
		r.Add(file, reg.TypePos, ruleRegType,
			"use ComponentRegistrar::MODULE, THEME, LANGUAGE or LIBRARY",
			"component type %s is not a ComponentRegistrar constant", reg.TypeArg)
	}
	if reg.Name == "" {
		r.Add(file, reg.NamePos, ruleRegName, "write the name as one quoted string",
			"component name %s is not a string literal", reg.NameArg)
	} else if p := namePattern(reg.Type); p != nil && !p.pattern.MatchString(reg.Name) {
		r.Add(file, reg.NamePos, ruleRegName, p.fix,
			"%s name %q does not have the form %s", reg.Type, reg.Name, p.form)
	}
	if reg.PathArg != "__DIR__" {
		r.Add(file, reg.PathPos, ruleRegPath, "pass __DIR__",
			"component path is %s; Magento resolves the component from __DIR__", reg.PathArg)
	}
	if reg.Type == TypeModule {
		// Magento's own Magento_Ui is the one module allowed the name.
		vendor, module, ok := strings.Cut(reg.Name, "_")
		if ok && module == "Ui" && vendor != "Magento" {
			r.Add(file, reg.NamePos, ruleRegUi, "choose another module name",
				"module name %q ends in _Ui, which Magento's path notation mistakes for a UI component", reg.Name)
		}
	}
}

// A nameRule is the shape a component name of one type must have.
type nameRule struct {
	pattern *regexp.Regexp
	form    string // the shape in words
	fix     string
}

func namePattern(t ComponentType) *nameRule {
	switch t {
	case TypeModule:
		return &nameRule{moduleNamePattern, "Vendor_Module",
			"use two capitalized words of letters and digits joined by one underscore"}
	case TypeTheme:
		return &nameRule{themeNamePattern, "area/Vendor/theme",
			"use frontend/Vendor/theme or adminhtml/Vendor/theme"}
	case TypeLanguage:
		return &nameRule{languageNamePattern, "vendor_xx_yy",
			"use the lowercase vendor and locale, such as acme_de_de"}
	case TypeLibrary:
		return &nameRule{libraryNamePattern, "vendor/library",
			"use a lowercase vendor/library pair"}
	}
	return nil
}

// checkModuleXML checks etc/module.xml against registration.php and, for
// integrations, the load order Magento needs.
func checkModuleXML(r *Report, c *Component) {
	const file = "etc/module.xml"
	mx := c.ModuleXML
	if mx == nil {
		if !r.has(file) {
			r.Add(file, Position{}, ruleModuleMissing,
				"add etc/module.xml declaring <module name=\""+c.Name+"\"/>",
				"module has no etc/module.xml")
		}
		return
	}
	if len(mx.Modules) == 0 {
		return
	}
	if len(mx.Modules) > 1 {
		r.Add(file, mx.Modules[1].Pos, ruleModuleMany, "declare one module per component",
			"etc/module.xml declares %d modules", len(mx.Modules))
	}

	decl := mx.Modules[0]
	if c.Registration != nil && c.Registration.Name != "" {
		i := slices.IndexFunc(mx.Modules, func(m ModuleDecl) bool {
			return m.Name == c.Registration.Name
		})
		if i < 0 {
			r.Add(file, decl.NamePos, ruleModuleMismatch,
				"make the two names the same",
				"module name %q does not match %q in registration.php", decl.Name, c.Registration.Name)
		} else {
			decl = mx.Modules[i]
		}
	}

	if c.IsIntegration() && !slices.ContainsFunc(decl.Sequence, func(n NameRef) bool {
		return n.Name == "Magento_Integration"
	}) {
		r.Add(file, decl.Pos, ruleSequenceInteg,
			`add <sequence><module name="Magento_Integration"/></sequence>`,
			"module declares an integration but does not load after Magento_Integration")
	}
}

// checkLanguageXML checks that language.xml exists and names the same
// vendor and locale as registration.php.
func checkLanguageXML(r *Report, c *Component) {
	const file = "language.xml"
	l := c.Language
	if l == nil {
		if !r.has(file) {
			r.Add(file, Position{}, ruleLanguageMissing,
				"add language.xml with <code>, <vendor> and <package>", "language pack has no language.xml")
		}
		return
	}
	if c.Name == "" || l.Code == "" || l.Vendor == "" {
		return
	}
	want := strings.ToLower(l.Vendor + "_" + l.Code)
	if want != c.Name {
		r.Add(file, l.CodePos, ruleLanguageCode,
			fmt.Sprintf("register the pack as %q or correct <vendor> and <code>", want),
			"vendor %q and code %q do not match %q in registration.php", l.Vendor, l.Code, c.Name)
	}
}

// checkACL checks etc/acl.xml against the Magento tree and returns the
// tree as Magento would see it with the module installed.
func checkACL(r *Report, c *Component, tree *ACLTree) *ACLTree {
	const file = "etc/acl.xml"
	if c.ACL == nil {
		return tree
	}

	for _, d := range c.ACL.Resources {
		known, isKnown := tree.Lookup(d.ID)
		switch {
		case !isKnown && !d.HasTitle:
			r.Add(file, d.IDPos, ruleACLTitle, `add title="..." of 3 to 50 characters`,
				"resource %q is new to Magento and has no title", d.ID)
		case isKnown && known.Parent != d.Parent:
			r.Add(file, d.IDPos, ruleACLParent,
				fmt.Sprintf("nest it under %s, as %s does", parentName(known.Parent), tree.Source),
				"resource %q is nested under %s, but Magento's tree has it under %s",
				d.ID, parentName(d.Parent), parentName(known.Parent))
		}
	}
	return c.ACLWith(tree)
}

// ACLWith returns tree as Magento sees it with c installed: with the
// resources that c's etc/acl.xml introduces.
func (c *Component) ACLWith(tree *ACLTree) *ACLTree {
	if c.ACL == nil {
		return tree
	}
	var own []ACLResource
	for _, d := range c.ACL.Resources {
		if _, known := tree.Lookup(d.ID); !known {
			own = append(own, ACLResource{
				ID: d.ID, Parent: d.Parent, Title: d.Title, Module: c.Name,
				SortOrder: d.SortOrder,
			})
		}
	}
	return tree.with(own)
}

func parentName(id string) string {
	if id == "" {
		return "<resources>"
	}
	return fmt.Sprintf("%q", id)
}

// checkIntegrations checks the integration files against each other and
// every resource they grant against tree.
func checkIntegrations(r *Report, c *Component, tree *ACLTree) {
	legacy := c.API != nil || c.Config != nil
	if legacy {
		file := apiXMLFile
		if c.API == nil {
			file = configXMLFile
		}
		r.Add(file, Position{}, ruleIntegLegacy,
			"consider moving to etc/integration.xml, which Magento applies on every setup:upgrade",
			"api.xml and config.xml are deprecated since Magento 2.1")
		checkIntegrationPair(r, c)
		checkLegacySetup(r, c)
	}

	for _, in := range c.Integrations {
		if !in.HasEmail {
			r.Add(integrationXMLFile, in.Pos, ruleIntegEmail, "add <email>support@example.com</email>",
				"integration %q has no <email>; Magento requires one", in.Name)
		}
	}

	for _, in := range c.API {
		checkResources(r, c, tree, apiXMLFile, in, true)
	}
	for _, in := range c.Integrations {
		checkResources(r, c, tree, integrationXMLFile, in, false)
	}
}

// checkIntegrationPair checks that api.xml and config.xml declare the
// same integrations: Magento joins the two by name.
func checkIntegrationPair(r *Report, c *Component) {
	names := func(list []Integration) map[string]bool {
		m := map[string]bool{}
		for _, in := range list {
			m[in.Name] = true
		}
		return m
	}
	inAPI, inConfig := names(c.API), names(c.Config)

	if c.Config == nil {
		r.Add(apiXMLFile, Position{}, ruleIntegPair,
			"add etc/integration/config.xml with the integration's <email>",
			"api.xml has no config.xml beside it, so Magento never creates the integration")
	}
	if c.API == nil {
		r.Add(configXMLFile, Position{}, ruleIntegPair,
			"add etc/integration/api.xml listing the integration's resources",
			"config.xml has no api.xml beside it, so the integration gets no resources")
	}
	if c.API == nil || c.Config == nil {
		return
	}
	for _, in := range c.API {
		if !inConfig[in.Name] {
			r.Add(apiXMLFile, in.Pos, ruleIntegPair,
				"use the same name in both files",
				"integration %q is not declared in config.xml", in.Name)
		}
	}
	for _, in := range c.Config {
		if !inAPI[in.Name] {
			r.Add(configXMLFile, in.Pos, ruleIntegPair,
				"use the same name in both files",
				"integration %q is not declared in api.xml", in.Name)
		}
	}
}

// checkResources checks the resources integration in grants. For the
// legacy api.xml, Magento stores exactly the listed ids and denies every
// other one, so a resource whose parent is not listed is unusable; the
// consolidated format adds parents by itself.
func checkResources(
	r *Report,
	c *Component,
	tree *ACLTree,
	file string,
	in Integration,
	needParents bool,
) {
	listed := map[string]bool{}
	for _, res := range in.Resources {
		if listed[res.Name] {
			r.Add(file, res.Pos, ruleResourceDup, "remove the second entry",
				"resource %q is listed twice in integration %q", res.Name, in.Name)
		}
		listed[res.Name] = true
	}

	missingParent := map[string]bool{}
	unrequired := map[string]bool{}
	for _, res := range in.Resources {
		if !resourceRefPattern.MatchString(res.Name) {
			continue // reported by the parser
		}
		known, ok := tree.Lookup(res.Name)
		if !ok {
			reportUnknownResource(r, c, tree, file, res)
			continue
		}

		if needParents {
			for _, parent := range tree.Ancestors(res.Name) {
				granted := parent == aclAdmin || parent == aclAll
				if granted || listed[parent] || missingParent[parent] {
					continue
				}
				missingParent[parent] = true
				r.Add(file, res.Pos, ruleResourceParent,
					fmt.Sprintf(`add <resource name="%s"/> to integration %q`, parent, in.Name),
					"parent resource %q is not listed; Magento denies %q without it",
					parent, res.Name)
			}
		}

		if m := known.Module; m != "" && !unrequired[m] && !c.requires(m) {
			unrequired[m] = true
			r.Add(file, res.Pos, ruleResourceModule,
				fmt.Sprintf("add %s to <sequence> in etc/module.xml and require %s in composer.json",
					m, ComposerName(TypeModule, m)),
				"resource %q belongs to %s, which the module neither loads after nor requires; "+
					"Magento drops the resource when that module is not installed", res.Name, m)
		}
	}
}

func reportUnknownResource(r *Report, c *Component, tree *ACLTree, file string, res NameRef) {
	hint := ""
	if near := tree.Closest(res.Name, 3); len(near) > 0 {
		hint = "; did you mean " + quoteList(near) + "?"
	}
	prefix, _, _ := strings.Cut(res.Name, "::")
	if prefix == c.Name {
		r.Add(file, res.Pos, ruleResourceOwn,
			"declare it in etc/acl.xml or correct the id"+hint,
			"resource %q is not declared in the module's etc/acl.xml", res.Name)
		return
	}
	r.Add(file, res.Pos, ruleResourceForeign,
		"correct the id, or pass --magento-root if it comes from an installed module"+hint,
		"resource %q is not in the ACL of %s; Magento silently drops unknown resources",
		res.Name, tree.Source)
}

// requires reports whether c loads after module m or requires its
// package. Magento_Backend is the admin itself and is always there.
func (c *Component) requires(m string) bool {
	if m == c.Name || m == "Magento_Backend" {
		return true
	}
	if c.ModuleXML != nil {
		for _, decl := range c.ModuleXML.Modules {
			for _, dep := range decl.Sequence {
				if dep.Name == m {
					return true
				}
			}
		}
	}
	if c.Composer != nil {
		if _, ok := c.Composer.Require[ComposerName(TypeModule, m)]; ok {
			return true
		}
	}
	return false
}

// checkLegacySetup checks that setup code registers each legacy
// integration: Magento reads etc/integration.xml on every setup:upgrade
// but creates an api.xml and config.xml integration only when a setup
// script calls processIntegrationConfig with its name.
func checkLegacySetup(r *Report, c *Component) {
	sources := setupSources(c.FS)
	calls := ""
	for _, src := range sources {
		if strings.Contains(src, "processIntegrationConfig") {
			calls += src
		}
	}
	for _, in := range c.Config {
		if in.Name == "" {
			continue
		}
		fix := fmt.Sprintf("add a data patch under Setup/Patch/Data that calls "+
			"ConfigBasedIntegrationManager::processIntegrationConfig(['%s'])", in.Name)
		switch {
		case calls == "":
			r.Add(configXMLFile, in.Pos, ruleIntegSetup, fix,
				"no setup code calls processIntegrationConfig, so integration %q will not appear after setup:upgrade", in.Name)
		case !strings.Contains(calls, "'"+in.Name+"'") && !strings.Contains(calls, `"`+in.Name+`"`):
			r.Add(configXMLFile, in.Pos, ruleIntegSetup, fix,
				"setup code calls processIntegrationConfig, but not with the name %q", in.Name)
		}
	}
}

// setupSources returns the PHP files under Setup, the place Magento runs
// install scripts and patches from.
func setupSources(fsys fs.FS) []string {
	const maxFiles = 500
	var out []string
	fs.WalkDir(fsys, "Setup", func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(out) >= maxFiles {
			return nil // best effort: an unreadable Setup shows as "not found"
		}
		if d.Type().IsRegular() && strings.HasSuffix(p, ".php") {
			if data, err := readLimited(fsys, p, maxConfigSize); err == nil {
				out = append(out, string(data))
			}
		}
		return nil
	})
	return out
}

// checkFileNames reports file names that are not UTF-8: Composer, zip
// tools and other operating systems mangle them.
func checkFileNames(r *Report, fsys fs.FS) {
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // best effort: unreadable directories hold no names to check
		}
		if d.IsDir() && p != "." && skipDir(d.Name()) {
			return fs.SkipDir
		}
		if !utf8.ValidString(d.Name()) {
			r.Add(strings.ToValidUTF8(p, "\uFFFD"), Position{}, ruleFileName,
				"rename it using UTF-8", "file name is not valid UTF-8")
		}
		return nil
	})
}

// skipDir reports whether a directory named name is left out of
// searches: dependencies and version-control or editor state.
func skipDir(name string) bool {
	return name == "vendor" || name == "node_modules" || strings.HasPrefix(name, ".")
}

// defaultACL is the embedded tree, parsed once.
var defaultACL = sync.OnceValue(MagentoACL)
