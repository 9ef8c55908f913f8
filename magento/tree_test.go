package magento_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/modpack/modpack/magento"
)

func TestMagentoACL(t *testing.T) {
	tree := magento.MagentoACL()
	if got, want := tree.Len(), 229+38; got != want {
		t.Errorf("MagentoACL().Len() = %d, want %d", got, want)
	}

	r, ok := tree.Lookup("Magento_InventoryApi::stock")
	if !ok || r.Module == "" {
		t.Errorf("Lookup(Magento_InventoryApi::stock) = %+v, %v; want a bundled resource", r, ok)
	}

	got := tree.Ancestors("Magento_Sales::actions_view")
	want := []string{
		"Magento_Sales::actions", "Magento_Sales::sales_order",
		"Magento_Sales::sales_operation", "Magento_Sales::sales", "Magento_Backend::admin",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Ancestors(Magento_Sales::actions_view) = %q, want %q", got, want)
	}
	if got := tree.Ancestors("Acme_Shop::unknown"); got != nil {
		t.Errorf("Ancestors of an unknown id = %q, want nil", got)
	}
}

func TestClosest(t *testing.T) {
	tree := magento.MagentoACL()
	tests := []struct {
		id   string
		want []string
	}{
		{"Magento_Sales::sales_orders", []string{"Magento_Sales::sales_order"}},
		{"Magento_Log::online", []string{"Magento_Customer::online"}},
		{"Zzz_Qqq::xyzzy", nil},
	}
	for _, tt := range tests {
		if got := tree.Closest(tt.id, 3); !slices.Equal(got, tt.want) {
			t.Errorf("Closest(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// TestLoadACL reads the ACL of a small installation and checks that a
// module's resources resolve against it and not against the embedded
// tree.
func TestLoadACL(t *testing.T) {
	root := t.TempDir()
	write(t, root, "vendor/magento/module-backend/etc/acl.xml", `<config><acl><resources>
		<resource id="Magento_Backend::admin" title="Magento Admin"/>
	</resources></acl></config>`)
	write(t, root, "app/code/Partner/Stock/etc/module.xml", `<config><module name="Partner_Stock"/></config>`)
	write(t, root, "app/code/Partner/Stock/etc/acl.xml", `<config><acl><resources>
		<resource id="Magento_Backend::admin">
			<resource id="Partner_Stock::stock" title="Partner Stock"/>
		</resource>
	</resources></acl></config>`)
	write(t, root, "vendor/acme/broken/etc/acl.xml", `<config><acl>`)
	write(t, root, "vendor/composer/installed.json", `{}`)

	tree, err := magento.LoadACL(root)
	if err == nil || !strings.Contains(err.Error(), filepath.Join("vendor", "acme", "broken", "etc", "acl.xml")) {
		t.Errorf("LoadACL error = %v, want one naming the broken acl.xml", err)
	}
	if tree.Len() != 2 {
		t.Fatalf("LoadACL read %d resources, want 2", tree.Len())
	}
	r, _ := tree.Lookup("Partner_Stock::stock")
	want := magento.ACLResource{ID: "Partner_Stock::stock", Parent: "Magento_Backend::admin", Title: "Partner Stock", Module: "Partner_Stock"}
	if r != want {
		t.Errorf("Lookup(Partner_Stock::stock) = %+v, want %+v", r, want)
	}

	// A module granting the partner's resource is clean against this tree
	// and warned about against the embedded one.
	dir := t.TempDir()
	write(t, dir, "registration.php", `<?php \Magento\Framework\Component\ComponentRegistrar::register(\Magento\Framework\Component\ComponentRegistrar::MODULE, 'Acme_Feed', __DIR__);`)
	write(t, dir, "etc/module.xml", `<config><module name="Acme_Feed"><sequence><module name="Partner_Stock"/><module name="Magento_Integration"/></sequence></module></config>`)
	write(t, dir, "etc/integration.xml", `<config><integration name="Feed"><email>a@b.example</email>
		<resources><resource name="Partner_Stock::stock"/></resources></integration></config>`)
	write(t, dir, "composer.json", `{"name": "acme/module-feed", "description": "Feed.", "license": "MIT", "type": "magento2-module",
		"autoload": {"files": ["registration.php"], "psr-4": {"Acme\\Feed\\": ""}}}`)

	if r := magento.Check(dir, magento.Options{ACL: tree}); len(r.Findings) != 0 {
		t.Errorf("Check against the installation: %v, want no findings", r.Findings)
	}
	r2 := magento.Check(dir, magento.Options{})
	if len(r2.Findings) != 1 || r2.Findings[0].Code != "resource-unknown-foreign" {
		t.Errorf("Check against the embedded tree: %v, want one resource-unknown-foreign", r2.Findings)
	}
}

func TestLoadACLNotAnInstallation(t *testing.T) {
	if _, err := magento.LoadACL(t.TempDir()); err == nil {
		t.Error("LoadACL(empty dir) succeeded, want an error")
	}
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	name := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
