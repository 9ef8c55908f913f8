package magento

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// File names of an integration's configuration. The pair under
// etc/integration/ is Magento's deprecated format; etc/integration.xml
// replaced it in 2.1.
const (
	apiXMLFile         = "etc/integration/api.xml"
	configXMLFile      = "etc/integration/config.xml"
	integrationXMLFile = "etc/integration.xml"
)

// An Integration is one <integration> element of any integration file.
// Which fields are set depends on the file: api.xml has only resources,
// config.xml only the contact fields, integration.xml all of them.
type Integration struct {
	Name      string
	Pos       Position // of the name
	Email     string
	HasEmail  bool
	Endpoint  string // endpoint_url
	Identity  string // identity_link_url
	Resources []NameRef
}

// resourceSpec is a <resource name="..."/> that an integration grants.
var resourceSpec = &elemSpec{
	attrs: []attrSpec{{name: "name", required: true}},
	text:  true,
}

var apiXMLDoc = docSpec{
	file: apiXMLFile,
	root: "integrations",
	rule: ruleAPISchema,
	spec: &elemSpec{children: []childSpec{{name: "integration", min: 1, spec: &elemSpec{
		attrs: []attrSpec{{name: "name", required: true}},
		children: []childSpec{{name: "resources", min: 1, max: 1, spec: &elemSpec{
			children: []childSpec{{name: "resource", min: 1, spec: resourceSpec}},
		}}},
	}}}},
}

var configXMLDoc = docSpec{
	file: configXMLFile,
	root: "integrations",
	rule: ruleConfigSchema,
	spec: &elemSpec{children: []childSpec{{name: "integration", min: 1, spec: &elemSpec{
		attrs:   []attrSpec{{name: "name", required: true}},
		ordered: true,
		children: []childSpec{
			{name: "email", min: 1, max: 1, spec: textSpec},
			{name: "endpoint_url", max: 1, spec: textSpec},
			{name: "identity_link_url", max: 1, spec: textSpec},
		},
	}}}},
}

var integrationXMLDoc = docSpec{
	file: integrationXMLFile,
	root: "config",
	rule: ruleIntegSchema,
	spec: &elemSpec{children: []childSpec{{name: "integration", min: 1, spec: &elemSpec{
		attrs: []attrSpec{{name: "name", required: true}},
		children: []childSpec{
			{name: "email", max: 1, spec: textSpec},
			{name: "endpoint_url", max: 1, spec: textSpec},
			{name: "identity_link_url", max: 1, spec: textSpec},
			{name: "resources", max: 1, spec: &elemSpec{
				children: []childSpec{{name: "resource", min: 1, spec: resourceSpec}},
			}},
		},
	}}}},
}

// ParseAPIXML reads etc/integration/api.xml and reports where it breaks
// Magento's api.xsd. It returns nil only when data is not XML.
func ParseAPIXML(data []byte) ([]Integration, []Finding) {
	return parseIntegrations(data, apiXMLDoc)
}

// ParseConfigXML reads etc/integration/config.xml and reports where it
// breaks Magento's config.xsd. It returns nil only when data is not XML.
func ParseConfigXML(data []byte) ([]Integration, []Finding) {
	return parseIntegrations(data, configXMLDoc)
}

// ParseIntegrationXML reads etc/integration.xml and reports where it
// breaks Magento's integration.xsd. It returns nil only when data is not
// XML.
func ParseIntegrationXML(data []byte) ([]Integration, []Finding) {
	return parseIntegrations(data, integrationXMLDoc)
}

func parseIntegrations(data []byte, d docSpec) ([]Integration, []Finding) {
	var r Report
	root, ok := readDoc(&r, data, d)
	if !ok {
		return nil, r.Findings
	}

	out := []Integration{}

	seen := map[string]bool{}
	for _, n := range root.children("integration") {
		in := readIntegration(&r, d.file, n)
		if in.Name != "" && seen[in.Name] {
			r.Add(d.file, in.Pos, ruleIntegDup, "merge the two into one <integration>",
				"integration %q is declared twice", in.Name)
		}
		seen[in.Name] = true
		out = append(out, in)
	}
	return out, r.Findings
}

// readIntegration reads one <integration> and checks its values.
func readIntegration(r *Report, file string, n *xmlNode) Integration {
	in := Integration{Pos: n.Pos}

	if a, ok := n.attr("name"); ok {
		in.Name = a.Value
		in.Pos = a.Pos
		if utf8.RuneCountInString(a.Value) < 2 {
			r.Add(file, a.Pos, ruleIntegName, "use a name of at least 2 characters",
				"integration name %q is too short", a.Value)
		}
	}

	for _, e := range n.children("email") {
		in.Email, in.HasEmail = e.Text, true
		if !emailPattern.MatchString(e.Text) {
			r.Add(file, textPos(e), ruleIntegEmail, "use an address such as support@example.com",
				"email %q of integration %q is not an email address", e.Text, in.Name)
		}
	}
	for _, e := range n.children("endpoint_url") {
		in.Endpoint = e.Text
		checkIntegrationURL(r, file, e, in.Name)
	}
	for _, e := range n.children("identity_link_url") {
		in.Identity = e.Text
		checkIntegrationURL(r, file, e, in.Name)
	}

	for _, res := range n.children("resources") {
		for _, rn := range res.children("resource") {
			a, ok := rn.attr("name")
			if !ok {
				continue
			}
			in.Resources = append(in.Resources, NameRef{Name: a.Value, Pos: a.Pos})
			if !resourceRefPattern.MatchString(a.Value) {
				r.Add(file, a.Pos, ruleResourcePattern, "use an ACL id such as Magento_Sales::sales",
					"resource %q is not of the form Vendor_Module::id", a.Value)
			}
		}
	}
	return in
}

// checkIntegrationURL applies the schema's urlType (any URI of at least
// four characters) and the guidance to use https.
func checkIntegrationURL(r *Report, file string, e *xmlNode, integration string) {
	pos := textPos(e)
	if utf8.RuneCountInString(e.Text) < 4 {
		r.Add(file, pos, ruleIntegURL, "give the full https:// URL",
			"<%s> %q of integration %q is shorter than 4 characters", e.Name, e.Text, integration)
		return
	}
	if u, err := url.Parse(e.Text); err == nil && strings.EqualFold(u.Scheme, "http") {
		r.Add(file, pos, ruleIntegHTTP, "use https:// so that OAuth credentials are not sent in the clear",
			"<%s> of integration %q uses plain http", e.Name, integration)
	}
}
