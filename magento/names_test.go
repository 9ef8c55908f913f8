package magento

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestComposerNameMagentoModules checks the name conversion against the
// package name of every module Magento Open Source 2.4.6-p1 ships.
func TestComposerNameMagentoModules(t *testing.T) {
	n := 0
	for _, file := range []string{"data/magento-modules.tsv", "data/magento-bundled-modules.tsv"} {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Split(sc.Text(), "\t")
			if len(fields) < 2 || strings.HasPrefix(fields[0], "#") || fields[0] == "module" {
				continue
			}
			n++
			module, want := fields[0], fields[1]
			if got := ComposerName(TypeModule, module); got != want {
				t.Errorf("ComposerName(module, %q) = %q, want %q", module, got, want)
			}
		}
		f.Close()
	}
	if n != 325 {
		t.Errorf("read %d modules, want 325", n)
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
