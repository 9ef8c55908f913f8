package magento

import "testing"

// TestComposerNameMagentoModules checks the name conversion against the
// package name of every module Magento Open Source 2.4.6-p1 ships.
func TestComposerNameMagentoModules(t *testing.T) {
	r := Magento246()
	if len(r.modules) != 325 {
		t.Errorf("Magento246 has %d modules, want 325", len(r.modules))
	}
	for name, m := range r.modules {
		if got := ComposerName(TypeModule, name); got != m.Package {
			t.Errorf("ComposerName(module, %q) = %q, want %q", name, got, m.Package)
		}
	}
}

func TestComposerName(t *testing.T) {
	tests := []struct {
		typ  ComponentType
		name string
		want string
	}{
		{TypeModule, "Acme_CatalogInventory", "acme/module-catalog-inventory"},
		{TypeModule, "Acme_XMLParser", "acme/module-xml-parser"},
		{TypeModule, "Acme_AwsS3", "acme/module-aws-s3"},
		{TypeModule, "Acme_Elasticsearch7", "acme/module-elasticsearch-7"},
		{TypeModule, "Acme_GraphQl", "acme/module-graph-ql"},
		{TypeModule, "MagePal_GmailSmtpApp", "magepal/module-gmail-smtp-app"},
		{TypeModule, "NoUnderscore", ""},
		{TypeModule, "Acme_", ""},
		{TypeTheme, "frontend/Acme/bright", "acme/theme-frontend-bright"},
		{TypeTheme, "adminhtml/Acme/Dark", "acme/theme-adminhtml-dark"},
		{TypeTheme, "Acme/bright", ""},
		{TypeLanguage, "acme_de_de", "acme/language-de_de"},
		{TypeLanguage, "acme", ""},
		{TypeLibrary, "Acme/Toolkit", "acme/toolkit"},
		{"", "Acme_Shop", ""},
	}
	for _, tt := range tests {
		if got := ComposerName(tt.typ, tt.name); got != tt.want {
			t.Errorf("ComposerName(%q, %q) = %q, want %q", tt.typ, tt.name, got, tt.want)
		}
	}
}

func TestIsComposerVersion(t *testing.T) {
	for v, want := range map[string]bool{
		"1.4.0": true, "v1.4.0": true, "1.4.0-p1": true, "1.4.0-rc.1": true,
		"1.4.0-beta2": true, "1.0": true, "1.2.3.4": true, "1.4.0-dev": true,
		"1.4.0+build.7": true, "1.4 final": false, "latest": false, "": false,
		"1.4.0-rc.1.": false, "1.4.0-": false,
	} {
		if got := IsComposerVersion(v); got != want {
			t.Errorf("IsComposerVersion(%q) = %t, want %t", v, got, want)
		}
	}
}
