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
	ruleFileUnreadable = NewRule("file-unreadable", Error, "a component file cannot be read")
	ruleFileTooLarge   = NewRule("file-too-large", Error,
		"a configuration file is larger than any real one")
	ruleFileBinary = NewRule("file-binary", Error, "a configuration file is not text")
	ruleFileEmpty  = NewRule("file-empty", Error, "a required file is empty")
	ruleFileName   = NewRule("file-name-encoding", Warning, "a file name is not valid UTF-8")
	ruleXMLSyntax  = NewRule("xml-syntax", Error, "an XML file is malformed")
)

// registration.php.
var (
	ruleRegMissing = NewRule("registration-missing", Error, "registration.php is missing")
	ruleRegSyntax  = NewRule("registration-syntax", Error,
		"registration.php has no usable ComponentRegistrar::register call")
	ruleRegMultiple = NewRule("registration-multiple", Error,
		"registration.php registers more than one component")
	ruleRegType = NewRule("registration-type", Error,
		"the component type is not a ComponentRegistrar constant")
	ruleRegName = NewRule("registration-name", Error,
		"the component name is not a literal of the right shape")
	ruleRegPath = NewRule("registration-path", Warning, "the component path is not __DIR__")
	ruleRegUi   = NewRule("registration-ui-name", Warning,
		"a module is named Ui, which clashes with path notation")
)

// etc/module.xml.
var (
	ruleModuleMissing = NewRule("module-xml-missing", Error, "a module has no etc/module.xml")
	ruleModuleSchema  = NewRule("module-xml-schema", Error, "etc/module.xml breaks module.xsd")
	ruleModuleName    = NewRule("module-name", Error,
		"a module name does not match the Vendor_Module pattern")
	ruleModuleMismatch = NewRule("module-name-mismatch", Error,
		"etc/module.xml and registration.php name different modules")
	ruleModuleDup  = NewRule("module-duplicate", Error, "etc/module.xml declares a module twice")
	ruleModuleMany = NewRule("module-multiple", Warning,
		"etc/module.xml declares more than one module")
	ruleSetupVersion   = NewRule("setup-version", Error, "setup_version is not digits and dots")
	ruleSetupVersionDS = NewRule("setup-version-declarative", Info,
		"setup_version is set; declarative schema modules leave it out")
	ruleSequenceDup = NewRule("sequence-duplicate", Error,
		"a module is listed twice in <sequence>")
	ruleSequenceSelf  = NewRule("sequence-self", Error, "a module lists itself in <sequence>")
	ruleSequenceInteg = NewRule("sequence-integration", Warning,
		"an integration module does not load after Magento_Integration")
)

// etc/acl.xml.
var (
	ruleACLSchema = NewRule("acl-schema", Error, "etc/acl.xml breaks acl.xsd")
	ruleACLID     = NewRule("acl-id", Error, "an ACL resource id does not match acl.xsd's pattern")
	ruleACLDup    = NewRule("acl-id-duplicate", Error,
		"an ACL resource id is declared twice in one file")
	ruleACLTitle = NewRule("acl-title-missing", Error,
		"a resource the module introduces has no title")
	ruleACLTitleLen = NewRule("acl-title-length", Error,
		"an ACL title is not 3 to 50 characters long")
	ruleACLParent = NewRule("acl-parent-conflict", Error,
		"a known resource is nested under another parent than Magento's")
	ruleACLAttr = NewRule("acl-attribute-type", Error,
		"sortOrder or disabled has a value of the wrong type")
)

// Integration files.
var (
	ruleAPISchema    = NewRule("api-xml-schema", Error, "etc/integration/api.xml breaks api.xsd")
	ruleConfigSchema = NewRule("config-xml-schema", Error,
		"etc/integration/config.xml breaks config.xsd")
	ruleIntegSchema = NewRule("integration-xml-schema", Error,
		"etc/integration.xml breaks integration.xsd")
	ruleIntegName = NewRule("integration-name", Error,
		"an integration name is shorter than 2 characters")
	ruleIntegDup = NewRule("integration-duplicate", Error,
		"an integration is declared twice in one file")
	ruleIntegPair = NewRule("integration-pair", Error,
		"api.xml and config.xml do not declare the same integrations")
	ruleIntegEmail = NewRule("integration-email", Error,
		"an integration email is missing or malformed")
	ruleIntegURL = NewRule("integration-url", Error,
		"an integration URL is shorter than 4 characters")
	ruleIntegHTTP = NewRule("integration-url-http", Warning,
		"an integration URL uses plain http")
	ruleIntegLegacy = NewRule("integration-legacy", Info,
		"the integration uses the deprecated api.xml and config.xml pair")
	ruleIntegSetup = NewRule("integration-legacy-setup", Warning,
		"no setup code registers a legacy integration")
	ruleResourcePattern = NewRule("resource-name", Error,
		"a resource name does not have the Vendor_Module::id shape")
	ruleResourceOwn = NewRule("resource-unknown", Error,
		"a resource under the module's own prefix is not in its acl.xml")
	ruleResourceForeign = NewRule("resource-unknown-foreign", Warning,
		"a resource is in no known ACL tree; Magento drops it silently")
	ruleResourceParent = NewRule("resource-parent-missing", Error,
		"a legacy integration lists a resource without its parent")
	ruleResourceDup    = NewRule("resource-duplicate", Info, "a resource is listed twice")
	ruleResourceModule = NewRule("resource-module-not-required", Warning,
		"a resource's module is neither in <sequence> nor required")
)

// ACL resources that the rest of the module refers to.
var (
	ruleWebapiSchema = NewRule("webapi-xml-schema", Error, "etc/webapi.xml breaks webapi.xsd")
	ruleACLRefOwn    = NewRule("acl-reference-unknown", Error,
		"a file refers to a resource under the module's prefix that its acl.xml lacks")
	ruleACLRefForeign = NewRule("acl-reference-unknown-foreign", Warning,
		"a file refers to a resource that is in no known ACL tree")
)

// composer.json.
var (
	ruleComposerMissing = NewRule("composer-missing", Error, "the component has no composer.json")
	ruleComposerSyntax  = NewRule("composer-syntax", Error, "composer.json is not valid JSON")
	ruleComposerShape   = NewRule("composer-shape", Error,
		"a composer.json field has the wrong JSON type")
	ruleComposerName = NewRule("composer-name", Error,
		"the package name is missing or not a valid Composer name")
	ruleComposerNameConv = NewRule("composer-name-convention", Info,
		"the package name differs from Magento's naming convention")
	ruleComposerType = NewRule("composer-type", Error,
		"the package type does not match registration.php")
	ruleComposerFiles = NewRule("composer-autoload-files", Error,
		"autoload.files does not load registration.php")
	ruleComposerPSR4 = NewRule("composer-psr4", Error,
		"autoload.psr-4 does not map the module namespace to the module root")
	ruleComposerPSR4Not = NewRule("composer-psr4-forbidden", Error,
		"a theme or language pack declares autoload.psr-4")
)

// composer.json: the Marketplace's rules and composer validate --strict.
var (
	ruleComposerDescription = NewRule("composer-description", Error,
		"composer.json has no description")
	ruleComposerLicense = NewRule("composer-license", Warning,
		"composer.json names no licence")
	ruleComposerVersion = NewRule("composer-version", Error,
		"the version is not one Composer reads")
	ruleComposerVersionMarketplace = NewRule("composer-version-marketplace", Warning,
		"the version is one Composer reads, but not in the form the Marketplace accepts")
	ruleComposerVersionKept = NewRule("composer-version-kept", Info,
		"the version is fixed in composer.json rather than taken from tags")
	ruleComposerBanned = NewRule("composer-require-banned", Error,
		"a package the Marketplace forbids is required")
	ruleComposerAlias = NewRule("composer-require-alias", Error,
		"a requirement uses an inline alias")
	ruleComposerWildcard = NewRule("composer-require-wildcard", Error,
		"a magento/* package is required as *")
	ruleComposerUnbound = NewRule("composer-require-unbound", Warning,
		"a requirement has no upper bound")
	ruleComposerPHP = NewRule("composer-require-php", Warning,
		"the package requires php itself")
	ruleComposerExtra = NewRule("composer-extra-deprecated", Error,
		"extra.map or extra.magento-root-dir is set")
	ruleComposerSourceDist = NewRule("composer-source-dist", Error,
		"composer.json sets source or dist")
)

// Themes and language packs.
var (
	ruleThemeMissing    = NewRule("theme-xml-missing", Error, "a theme has no theme.xml")
	ruleThemeSchema     = NewRule("theme-xml-schema", Error, "theme.xml breaks theme.xsd")
	ruleLanguageMissing = NewRule("language-xml-missing", Error,
		"a language pack has no language.xml")
	ruleLanguageSchema = NewRule("language-xml-schema", Error, "language.xml breaks package.xsd")
	ruleLanguageCode   = NewRule("language-code", Error,
		"language.xml's code or vendor disagrees with registration.php")
)
