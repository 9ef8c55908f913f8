package magento

// A ThemeXML is the content of a theme's theme.xml.
type ThemeXML struct {
	Title  string
	Parent string
}

// A LanguageXML is the content of a language pack's language.xml.
type LanguageXML struct {
	Code    string
	CodePos Position
	Vendor  string
	Package string
}

var themeXMLDoc = docSpec{
	file: "theme.xml",
	root: "theme",
	rule: ruleThemeSchema,
	spec: &elemSpec{children: []childSpec{
		{name: "title", min: 1, max: 1, spec: textSpec},
		{name: "parent", max: 1, spec: textSpec},
		{name: "media", max: 1, spec: &elemSpec{
			children: []childSpec{{name: "preview_image", max: 1, spec: textSpec}},
		}},
	}},
}

var languageXMLDoc = docSpec{
	file: "language.xml",
	root: "language",
	rule: ruleLanguageSchema,
	spec: &elemSpec{children: []childSpec{
		{name: "code", min: 1, max: 1, spec: textSpec},
		{name: "vendor", min: 1, max: 1, spec: textSpec},
		{name: "package", min: 1, max: 1, spec: textSpec},
		{name: "sort_order", max: 1, spec: textSpec},
		{name: "use", spec: &elemSpec{attrs: []attrSpec{
			{name: "vendor", required: true},
			{name: "package", required: true},
		}}},
	}},
}

// ParseThemeXML reads a theme's theme.xml and reports where it breaks
// Magento's theme.xsd. It returns nil only when data is not XML.
func ParseThemeXML(data []byte) (*ThemeXML, []Finding) {
	var r Report
	root, ok := readDoc(&r, data, themeXMLDoc)
	if !ok {
		return nil, r.Findings
	}

	t := &ThemeXML{}
	for _, n := range root.children("title") {
		t.Title = n.Text
	}
	for _, n := range root.children("parent") {
		t.Parent = n.Text
	}
	return t, r.Findings
}

// ParseLanguageXML reads a language pack's language.xml and reports
// where it breaks Magento's package.xsd. It returns nil only when data is
// not XML.
func ParseLanguageXML(data []byte) (*LanguageXML, []Finding) {
	var r Report
	root, ok := readDoc(&r, data, languageXMLDoc)
	if !ok {
		return nil, r.Findings
	}

	l := &LanguageXML{}
	for _, n := range root.children("code") {
		l.Code, l.CodePos = n.Text, textPos(n)
	}
	for _, n := range root.children("vendor") {
		l.Vendor = n.Text
	}
	for _, n := range root.children("package") {
		l.Package = n.Text
	}
	return l, r.Findings
}
