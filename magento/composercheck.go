package magento

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/modpack/modpack/internal/jsonpos"
)

// checkComposer checks that composer.json describes the component that
// registration.php registers.
func checkComposer(r *Report, c *Component) {
	const file = "composer.json"
	cj := c.Composer
	if cj == nil {
		if !r.has(file) {
			r.Add(file, Position{}, ruleComposerMissing,
				"add composer.json with name, type and autoload",
				"component has no composer.json, so Composer cannot install it")
		}
		return
	}

	// The package name: present, valid, and ideally Magento's convention.
	want := ComposerName(c.Type, c.Name)
	switch {
	case cj.Name == "" && cj.Has("/name"):
		// A name of the wrong JSON type is reported by the parser.
	case cj.Name == "":
		fix := "add \"name\": \"vendor/package\""
		if want != "" {
			fix = fmt.Sprintf("add \"name\": %q", want)
		}
		r.Add(file, cj.Pos("/name"), ruleComposerName, fix, "composer.json has no name")
	case !composerNamePattern.MatchString(cj.Name):
		r.Add(file, cj.Pos("/name"), ruleComposerName,
			"use lowercase vendor/package with dashes between words",
			"package name %q is not a valid Composer name", cj.Name)
	case want != "" && cj.Name != want:
		r.Add(file, cj.Pos("/name"), ruleComposerNameConv,
			fmt.Sprintf("Magento's convention for %s is %q", c.Name, want),
			"package name %q differs from the conventional name", cj.Name)
	}

	checkMarketplace(r, cj)

	if c.Type == "" {
		return
	}
	if wantType := composerType(c.Type); cj.Type != wantType {
		got := "no type"
		if cj.Type != "" {
			got = fmt.Sprintf("type %q", cj.Type)
		}
		r.Add(file, cj.Pos("/type"), ruleComposerType, fmt.Sprintf("set \"type\": %q", wantType),
			"composer.json has %s, but registration.php registers a %s", got, c.Type)
	}

	if !slices.ContainsFunc(cj.AutoloadFiles, func(f string) bool {
		return path.Clean(strings.TrimPrefix(f, "./")) == "registration.php"
	}) {
		r.Add(file, cj.Pos("/autoload/files"), ruleComposerFiles,
			`add "registration.php" to "autoload": {"files": [...]}`,
			"autoload.files does not list registration.php, so Magento never sees the component")
	}

	switch c.Type {
	case TypeModule:
		checkPSR4(r, c)
	case TypeTheme, TypeLanguage:
		if cj.PSR4 != nil {
			r.Add(file, cj.Pos("/autoload/psr-4"), ruleComposerPSR4Not, "remove autoload.psr-4",
				"a %s has no PHP classes to autoload; the Marketplace rejects psr-4 here", c.Type)
		}
	}
}

// checkPSR4 checks that a module's namespace maps to its root directory,
// the only layout the Marketplace accepts.
func checkPSR4(r *Report, c *Component) {
	const file = "composer.json"
	cj := c.Composer
	if c.Name == "" || !moduleNamePattern.MatchString(c.Name) {
		return
	}
	ns := moduleNamespace(c.Name)
	fix := fmt.Sprintf(`map %q to "" in autoload.psr-4`, ns)

	dirs, ok := cj.PSR4[ns]
	if cj.PSR4 == nil && cj.Has("/autoload/psr-4") {
		return // the parser reported its JSON type
	}
	if !ok {
		r.Add(file, cj.Pos("/autoload/psr-4"), ruleComposerPSR4, fix,
			"autoload.psr-4 does not map the module namespace %q", ns)
		return
	}
	for _, d := range dirs {
		if d != "" && path.Clean(d) != "." {
			ptr := jsonpos.Pointer("autoload", "psr-4", ns)
			r.Add(file, cj.Pos(ptr), ruleComposerPSR4, fix,
				"namespace %q maps to %q; the Marketplace accepts only the module root", ns, d)
		}
	}
}

// marketplaceVersion is the version format the Marketplace's package
// validator accepts.
var marketplaceVersion = regexp.MustCompile(
	`(?i)^v?\d+\.\d+\.\d+(-(patch|p|dev|a|alpha|b|beta|rc)\d*)?$`)

// IsMarketplaceVersion reports whether v is a version the Marketplace's
// package validator accepts, such as 1.4.0, v1.4.0 or 1.4.0-p1.
func IsMarketplaceVersion(v string) bool { return marketplaceVersion.MatchString(v) }

// composerVersion is the form of a version Composer's version parser
// reads: up to four numbers, a stability with an optional number, -dev
// and build metadata.
var composerVersion = regexp.MustCompile(`(?i)^v?\d{1,5}(\.\d+){0,3}` +
	`([._-]?(stable|beta|b|rc|alpha|a|patch|pl|p)([.-]?\d+)*)?([.-]?dev)?(\+[0-9a-z.-]+)?$`)

// IsComposerVersion reports whether Composer reads v as a version, such
// as 1.4.0, 1.4.0-rc.1 or 1.4.0-p1. Every Marketplace version is one.
func IsComposerVersion(v string) bool { return composerVersion.MatchString(v) }

// unboundConstraint matches constraints with no upper bound, which
// composer validate --strict warns about.
var unboundConstraint = regexp.MustCompile(`^(\*|>=?\s*v?[0-9][0-9.]*)$`)

// BannedRequires are the packages the Marketplace refuses as
// dependencies: the Magento product itself and its installer.
var BannedRequires = []string{
	"magento/magento-composer-installer",
	"magento/magento2-base",
	"magento/magento2-ee-base",
	"magento/product-community-edition",
	"magento/product-enterprise-edition",
}

// checkMarketplace applies the Marketplace's rules for composer.json and
// what composer validate --strict reports.
func checkMarketplace(r *Report, cj *ComposerJSON) {
	const file = "composer.json"

	if strings.TrimSpace(cj.Description) == "" && !cj.Has("/description") {
		r.Add(file, cj.Pos(""), ruleComposerDescription,
			`add "description": "<one sentence on what the component does>"`,
			"composer.json has no description, which Composer requires to publish it")
	}
	if len(cj.License) == 0 && !cj.Has("/license") {
		r.Add(file, cj.Pos(""), ruleComposerLicense,
			`add "license", such as "proprietary" or "OSL-3.0"`,
			"composer.json names no licence")
	}

	switch v := cj.Version; {
	case !cj.Has("/version"):
	case !IsComposerVersion(v):
		r.Add(file, cj.Pos("/version"), ruleComposerVersion,
			"use MAJOR.MINOR.PATCH, such as 1.4.0 or 1.4.0-p1, with no spaces",
			"version %q is not a version Composer reads", v)
	case !IsMarketplaceVersion(v):
		r.Add(file, cj.Pos("/version"), ruleComposerVersionMarketplace,
			"for the Marketplace, use a form such as 1.4.0, 1.4.0-p1 or 1.4.0-rc1",
			"version %q is not a version the Marketplace accepts", v)
	default:
		r.Add(file, cj.Pos("/version"), ruleComposerVersionKept,
			"leave it out unless this file is the one uploaded; Composer reads versions from tags",
			"version %q is fixed in composer.json", v)
	}

	for _, pkg := range sortedKeys(cj.Require) {
		constraint := strings.TrimSpace(cj.Require[pkg])
		pos := cj.Pos(jsonpos.Pointer("require", pkg))
		checkRequire(r, pos, pkg, constraint)
	}

	for _, key := range []string{"map", "magento-root-dir"} {
		if _, ok := cj.Extra[key]; ok {
			r.Add(file, cj.Pos(jsonpos.Pointer("extra", key)), ruleComposerExtra,
				"remove it; Magento's installer no longer reads it",
				"extra.%s is deprecated and the Marketplace rejects it", key)
		}
	}
	for _, key := range []string{"source", "dist"} {
		if cj.Has("/" + key) {
			r.Add(file, cj.Pos("/"+key), ruleComposerSourceDist,
				"remove it; the repository that serves the package supplies it",
				"%q in composer.json breaks the Marketplace's automated checks", key)
		}
	}
}

// checkRequire checks one require entry.
func checkRequire(r *Report, pos Position, pkg, constraint string) {
	const file = "composer.json"
	switch {
	case slices.Contains(BannedRequires, pkg):
		r.Add(file, pos, ruleComposerBanned, "remove it; require the modules you use instead",
			"%s must not be required: the Marketplace rejects the package", pkg)
	case strings.Contains(constraint, " as "):
		r.Add(file, pos, ruleComposerAlias, "require a real version; keep aliases in the root project",
			"%s uses the inline alias %q, which the Marketplace rejects", pkg, constraint)
	case strings.HasPrefix(pkg, "magento/") && constraint == "*":
		r.Add(file, pos, ruleComposerWildcard, "constrain it to the versions you support, such as 103.0.*",
			"%s is required as \"*\"; the Marketplace wants specific versions of magento/* packages", pkg)
	case pkg == "php":
		r.Add(file, pos, ruleComposerPHP, "remove it; Magento's own requirement already bounds PHP",
			"requiring php %q risks narrowing the PHP versions Magento supports", constraint)
	case unboundConstraint.MatchString(constraint):
		r.Add(file, pos, ruleComposerUnbound, "give it an upper bound, such as ^1.2",
			"%s %q has no upper bound; composer validate --strict rejects that", pkg, constraint)
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
