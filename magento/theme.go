package magento

// A ThemeXML is the content of a theme's theme.xml.
type ThemeXML struct {
	Title  string
	Parent string
}

// A LanguageXML is the content of a language pack's language.xml.
type LanguageXML struct {
	Code      string
	CodePos   Position
	Vendor    string
	VendorPos Position
	Package   string
}

var themeXMLSpec = &elemSpec{
	children: []childSpec{
		{name: "title", min: 1, max: 1, spec: &elemSpec{text: true}},
		{name: "parent", max: 1, spec: &elemSpec{text: true}},
		{name: "media", max: 1, spec: &elemSpec{
			children: []childSpec{{name: "preview_image", max: 1, spec: &elemSpec{text: true}}},
		}},
	},
}

var languageXMLSpec = &elemSpec{
	children: []childSpec{
		{name: "code", min: 1, max: 1, spec: &elemSpec{text: true}},
		{name: "vendor", min: 1, max: 1, spec: &elemSpec{text: true}},
		{name: "package", min: 1, max: 1, spec: &elemSpec{text: true}},
		{name: "sort_order", max: 1, spec: &elemSpec{text: true}},
		{name: "use", spec: &elemSpec{attrs: []attrSpec{
			{name: "vendor", required: true},
			{name: "package", required: true},
		}}},
	},
}

// ParseThemeXML reads a theme's theme.xml and reports where it breaks
// Magento's theme.xsd. It returns nil only when data is not XML.
func ParseThemeXML(data []byte) (*ThemeXML, []Finding) {
	const file = "theme.xml"
	var r Report
	root, ok := parseXMLFile(&r, file, data)
	if !ok {
		return nil, r.Findings
	}
	t := &ThemeXML{}
	if !checkRoot(&r, file, ruleThemeSchema, root, "theme") {
		return t, r.Findings
	}
	checkShape(&r, file, ruleThemeSchema, root, themeXMLSpec)
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
	const file = "language.xml"
	var r Report
	root, ok := parseXMLFile(&r, file, data)
	if !ok {
		return nil, r.Findings
	}
	l := &LanguageXML{}
	if !checkRoot(&r, file, ruleLanguageSchema, root, "language") {
		return l, r.Findings
	}
	checkShape(&r, file, ruleLanguageSchema, root, languageXMLSpec)
	for _, n := range root.children("code") {
		l.Code, l.CodePos = n.Text, textPos(n)
	}
	for _, n := range root.children("vendor") {
		l.Vendor, l.VendorPos = n.Text, textPos(n)
	}
	for _, n := range root.children("package") {
		l.Package = n.Text
	}
	return l, r.Findings
}

// textPos returns where n's text starts, or n itself when it is empty.
func textPos(n *xmlNode) Position {
	if n.TextPos.IsValid() {
		return n.TextPos
	}
	return n.Pos
}
