package magento

import (
	"regexp"
	"strings"
	"unicode"
)

// Name patterns from Magento's XML schemas. XSD patterns match the whole
// value, hence the anchors.
var (
	// moduleNamePattern is module.xsd's moduleName type.
	moduleNamePattern = regexp.MustCompile(`^[A-Z]+[A-Za-z0-9]+_[A-Z]+[A-Z0-9a-z]+$`)

	// aclIDPattern is acl.xsd's pattern for resource ids.
	aclIDPattern = regexp.MustCompile(`^([A-Z]+[a-zA-Z0-9]+)+_[A-Z]+[A-Z0-9a-z]+::[A-Za-z_0-9]+$`)

	// resourceRefPattern is what the integration schemas accept as a
	// resource name: looser than an acl.xml id.
	resourceRefPattern = regexp.MustCompile(`^.+_.+::.+$`)

	// emailPattern is the integration schemas' emailType.
	emailPattern = regexp.MustCompile(`^[^@]+@[^.]+\..+$`)

	// themeNamePattern is an area, a vendor and a theme code.
	themeNamePattern = regexp.MustCompile(`^(frontend|adminhtml)/[A-Za-z0-9]+/[A-Za-z0-9_-]+$`)

	// languageNamePattern is a vendor and a locale code, all lowercase.
	languageNamePattern = regexp.MustCompile(`^[a-z0-9]+_[a-z]{2,3}(_[a-z0-9]+)*$`)

	// libraryNamePattern is a Composer-style vendor/library pair.
	libraryNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*$`)

	// composerNamePattern is the package name rule of Composer's schema.
	composerNamePattern = regexp.MustCompile(
		`^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$`)
)

// IsModuleName reports whether name has the Vendor_Module shape that
// module.xsd demands.
func IsModuleName(name string) bool { return moduleNamePattern.MatchString(name) }

// ComposerName returns the Composer package name that Magento's own
// convention gives a component of type t named name:
//
//	module    Acme_CatalogInventory  acme/module-catalog-inventory
//	theme     frontend/Acme/luma     acme/theme-frontend-luma
//	language  acme_de_de             acme/language-de_de
//	library   acme/lib               acme/lib
//
// It returns "" for a name that does not have its type's shape.
func ComposerName(t ComponentType, name string) string {
	switch t {
	case TypeModule:
		vendor, module, ok := strings.Cut(name, "_")
		if !ok || vendor == "" || module == "" {
			return ""
		}
		return strings.ToLower(vendor) + "/module-" + kebab(module)
	case TypeTheme:
		parts := strings.Split(name, "/")
		if len(parts) != 3 {
			return ""
		}
		return strings.ToLower(parts[1] + "/theme-" + parts[0] + "-" + parts[2])
	case TypeLanguage:
		vendor, code, ok := strings.Cut(name, "_")
		if !ok || vendor == "" || code == "" {
			return ""
		}
		return strings.ToLower(vendor + "/language-" + code)
	case TypeLibrary:
		return strings.ToLower(name)
	}
	return ""
}

// kebab splits a CamelCase module name into lowercase words joined by
// dashes. A word starts at an upper-case letter that follows a lower-case
// letter or digit, at the last capital of an acronym (XMLParser is
// xml-parser), and at a digit that follows a lower-case letter; a digit
// after a capital stays in its word (AwsS3 is aws-s3). This reproduces
// the package name of every module Magento ships.
func kebab(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if i > 0 && startsWord(r, i) {
			b.WriteByte('-')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

func startsWord(r []rune, i int) bool {
	prev, c := r[i-1], r[i]
	switch {
	case unicode.IsUpper(c) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
		return true
	case unicode.IsUpper(c) && unicode.IsUpper(prev):
		return i+1 < len(r) && unicode.IsLower(r[i+1])
	case unicode.IsDigit(c) && unicode.IsLower(prev):
		return true
	}
	return false
}

// composerType returns the Composer package type of components of type t.
func composerType(t ComponentType) string {
	return "magento2-" + string(t)
}

// moduleNamespace returns the PHP namespace prefix of module name, as
// PSR-4 keys spell it: Acme_Payments is `Acme\Payments\`.
func moduleNamespace(name string) string {
	return strings.Replace(name, "_", `\`, 1) + `\`
}
