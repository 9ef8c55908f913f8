package magento

import "slices"

// A Rule is one check that Check makes. Its code is stable across
// releases, so that CI configurations and people can refer to it.
type Rule struct {
	Code     string
	Severity Severity
	Summary  string
}

var allRules []*Rule

// NewRule registers a rule with a code no other rule has, for checks
// that other packages make on components, such as those of a package's
// zip. It is meant for package-level variables, and panics on a code
// used twice, a programming error.
func NewRule(code string, s Severity, summary string) *Rule {
	for _, r := range allRules {
		if r.Code == code {
			panic("magento: rule code " + code + " registered twice")
		}
	}
	r := &Rule{Code: code, Severity: s, Summary: summary}
	allRules = append(allRules, r)
	return r
}

func rule(code string, s Severity, summary string) *Rule { return NewRule(code, s, summary) }

// Rules returns every registered rule, ordered by code.
func Rules() []Rule {
	out := make([]Rule, len(allRules))
	for i, r := range allRules {
		out[i] = *r
	}
	slices.SortFunc(out, func(a, b Rule) int {
		if a.Code < b.Code {
			return -1
		}
		if a.Code > b.Code {
			return 1
		}
		return 0
	})
	return out
}

// Problems with reading a file at all.
var (
	ruleFileUnreadable = rule("file-unreadable", Error, "a component file cannot be read")
	ruleFileTooLarge   = rule("file-too-large", Error,
		"a configuration file is larger than any real one")
	ruleFileBinary = rule("file-binary", Error, "a configuration file is not text")
	ruleFileEmpty  = rule("file-empty", Error, "a required file is empty")
	ruleFileName   = rule("file-name-encoding", Warning, "a file name is not valid UTF-8")
	ruleXMLSyntax  = rule("xml-syntax", Error, "an XML file is malformed")
)

// registration.php.
var (
	ruleRegMissing = rule("registration-missing", Error, "registration.php is missing")
	ruleRegSyntax  = rule("registration-syntax", Error,
		"registration.php has no usable ComponentRegistrar::register call")
	ruleRegMultiple = rule("registration-multiple", Error,
		"registration.php registers more than one component")
	ruleRegType = rule("registration-type", Error,
		"the component type is not a ComponentRegistrar constant")
	ruleRegName = rule("registration-name", Error,
		"the component name is not a literal of the right shape")
	ruleRegPath = rule("registration-path", Warning, "the component path is not __DIR__")
	ruleRegUi   = rule("registration-ui-name", Warning,
		"a module is named Ui, which clashes with path notation")
)

// etc/module.xml.
var (
	ruleModuleMissing = rule("module-xml-missing", Error, "a module has no etc/module.xml")
	ruleModuleSchema  = rule("module-xml-schema", Error, "etc/module.xml breaks module.xsd")
	ruleModuleName    = rule("module-name", Error,
		"a module name does not match the Vendor_Module pattern")
	ruleModuleMismatch = rule("module-name-mismatch", Error,
		"etc/module.xml and registration.php name different modules")
	ruleModuleDup  = rule("module-duplicate", Error, "etc/module.xml declares a module twice")
	ruleModuleMany = rule("module-multiple", Warning,
		"etc/module.xml declares more than one module")
	ruleSetupVersion   = rule("setup-version", Error, "setup_version is not digits and dots")
	ruleSetupVersionDS = rule("setup-version-declarative", Info,
		"setup_version is set; declarative schema modules leave it out")
	ruleSequenceDup   = rule("sequence-duplicate", Error, "a module is listed twice in <sequence>")
	ruleSequenceSelf  = rule("sequence-self", Error, "a module lists itself in <sequence>")
	ruleSequenceInteg = rule("sequence-integration", Warning,
		"an integration module does not load after Magento_Integration")
)

// etc/acl.xml.
var (
	ruleACLSchema = rule("acl-schema", Error, "etc/acl.xml breaks acl.xsd")
	ruleACLID     = rule("acl-id", Error, "an ACL resource id does not match acl.xsd's pattern")
	ruleACLDup    = rule("acl-id-duplicate", Error,
		"an ACL resource id is declared twice in one file")
	ruleACLTitle = rule("acl-title-missing", Error,
		"a resource the module introduces has no title")
	ruleACLTitleLen = rule("acl-title-length", Error, "an ACL title is not 3 to 50 characters long")
	ruleACLParent   = rule("acl-parent-conflict", Error,
		"a known resource is nested under another parent than Magento's")
	ruleACLAttr = rule("acl-attribute-type", Error,
		"sortOrder or disabled has a value of the wrong type")
)

// Integration files.
var (
	ruleAPISchema    = rule("api-xml-schema", Error, "etc/integration/api.xml breaks api.xsd")
	ruleConfigSchema = rule("config-xml-schema", Error,
		"etc/integration/config.xml breaks config.xsd")
	ruleIntegSchema = rule("integration-xml-schema", Error,
		"etc/integration.xml breaks integration.xsd")
	ruleIntegName = rule("integration-name", Error,
		"an integration name is shorter than 2 characters")
	ruleIntegDup = rule("integration-duplicate", Error,
		"an integration is declared twice in one file")
	ruleIntegPair = rule("integration-pair", Error,
		"api.xml and config.xml do not declare the same integrations")
	ruleIntegEmail = rule("integration-email", Error,
		"an integration email is missing or malformed")
	ruleIntegURL = rule("integration-url", Error,
		"an integration URL is shorter than 4 characters")
	ruleIntegHTTP = rule("integration-url-http", Warning,
		"an integration URL uses plain http")
	ruleIntegLegacy = rule("integration-legacy", Info,
		"the integration uses the deprecated api.xml and config.xml pair")
	ruleIntegSetup = rule("integration-legacy-setup", Warning,
		"no setup code registers a legacy integration")
	ruleResourcePattern = rule("resource-name", Error,
		"a resource name does not have the Vendor_Module::id shape")
	ruleResourceOwn = rule("resource-unknown", Error,
		"a resource under the module's own prefix is not in its acl.xml")
	ruleResourceForeign = rule("resource-unknown-foreign", Warning,
		"a resource is in no known ACL tree; Magento drops it silently")
	ruleResourceParent = rule("resource-parent-missing", Error,
		"a legacy integration lists a resource without its parent")
	ruleResourceDup    = rule("resource-duplicate", Info, "a resource is listed twice")
	ruleResourceModule = rule("resource-module-not-required", Warning,
		"a resource's module is neither in <sequence> nor required")
)

// composer.json.
var (
	ruleComposerMissing = rule("composer-missing", Error, "the component has no composer.json")
	ruleComposerSyntax  = rule("composer-syntax", Error, "composer.json is not valid JSON")
	ruleComposerShape   = rule("composer-shape", Error,
		"a composer.json field has the wrong JSON type")
	ruleComposerName = rule("composer-name", Error,
		"the package name is missing or not a valid Composer name")
	ruleComposerNameConv = rule("composer-name-convention", Info,
		"the package name differs from Magento's naming convention")
	ruleComposerType = rule("composer-type", Error,
		"the package type does not match registration.php")
	ruleComposerFiles = rule("composer-autoload-files", Error,
		"autoload.files does not load registration.php")
	ruleComposerPSR4 = rule("composer-psr4", Error,
		"autoload.psr-4 does not map the module namespace to the module root")
	ruleComposerPSR4Not = rule("composer-psr4-forbidden", Error,
		"a theme or language pack declares autoload.psr-4")
)

// composer.json: the Marketplace's rules and composer validate --strict.
var (
	ruleComposerDescription = rule("composer-description", Error,
		"composer.json has no description")
	ruleComposerLicense = rule("composer-license", Warning,
		"composer.json names no licence")
	ruleComposerVersion = rule("composer-version", Error,
		"the version is not in the form the Marketplace accepts")
	ruleComposerVersionKept = rule("composer-version-kept", Info,
		"the version is fixed in composer.json rather than taken from tags")
	ruleComposerBanned = rule("composer-require-banned", Error,
		"a package the Marketplace forbids is required")
	ruleComposerAlias = rule("composer-require-alias", Error,
		"a requirement uses an inline alias")
	ruleComposerWildcard = rule("composer-require-wildcard", Error,
		"a magento/* package is required as *")
	ruleComposerUnbound = rule("composer-require-unbound", Warning,
		"a requirement has no upper bound")
	ruleComposerPHP = rule("composer-require-php", Warning,
		"the package requires php itself")
	ruleComposerExtra = rule("composer-extra-deprecated", Error,
		"extra.map or extra.magento-root-dir is set")
	ruleComposerSourceDist = rule("composer-source-dist", Error,
		"composer.json sets source or dist")
)

// Themes and language packs.
var (
	ruleThemeMissing    = rule("theme-xml-missing", Error, "a theme has no theme.xml")
	ruleThemeSchema     = rule("theme-xml-schema", Error, "theme.xml breaks theme.xsd")
	ruleLanguageMissing = rule("language-xml-missing", Error, "a language pack has no language.xml")
	ruleLanguageSchema  = rule("language-xml-schema", Error, "language.xml breaks package.xsd")
	ruleLanguageCode    = rule("language-code", Error,
		"language.xml's code or vendor disagrees with registration.php")
)
