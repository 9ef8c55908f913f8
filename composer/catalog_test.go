package composer_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/modpack/modpack/composer"
	"github.com/modpack/modpack/magento"
)

// TestInstallation resolves a component's requirements against an
// installation: Magento's packages at their installed minor version,
// other packages at ^ their installed version, and modules found in
// app/code as well as vendor.
func TestInstallation(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "vendor/composer/installed.json"), []byte(`{
		"packages": [
			{"name": "magento/framework", "version": "103.0.7",
			 "autoload": {"psr-4": {"Magento\\Framework\\": ""}}},
			{"name": "magento/module-sales", "version": "103.0.7", "install-path": "../magento/module-sales",
			 "autoload": {"psr-4": {"Magento\\Sales\\": ""}}},
			{"name": "partner/module-warehouse", "version": "v2.3.1", "install-path": "../partner/module-warehouse",
			 "autoload": {"psr-4": {"Partner\\Warehouse\\": ""}}}
		]
	}`))
	writeFile(t, filepath.Join(root, "vendor/magento/module-sales/etc/module.xml"),
		[]byte(`<config><module name="Magento_Sales"/></config>`))
	writeFile(t, filepath.Join(root, "vendor/partner/module-warehouse/etc/module.xml"),
		[]byte(`<config><module name="Partner_Warehouse"/></config>`))
	writeFile(t, filepath.Join(root, "app/code/Local/Tools/etc/module.xml"),
		[]byte(`<config><module name="Local_Tools"/></config>`))
	writeFile(t, filepath.Join(root, "app/code/Local/Tools/composer.json"),
		[]byte(`{"name": "local/module-tools", "version": "0.4.0"}`))

	in, err := composer.LoadInstallation(root)
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "registration.php"), []byte(`<?php
\Magento\Framework\Component\ComponentRegistrar::register(\Magento\Framework\Component\ComponentRegistrar::MODULE, 'Acme_Ship', __DIR__);`))
	writeFile(t, filepath.Join(dir, "etc/module.xml"), []byte(`<config><module name="Acme_Ship">
		<sequence><module name="Magento_Sales"/><module name="Local_Tools"/></sequence></module></config>`))
	writeFile(t, filepath.Join(dir, "Model/Ship.php"), []byte(`<?php
use Partner\Warehouse\Api\StockInterface;`))

	c := magento.Check(dir, magento.Options{}).Component
	reqs, gaps := composer.Requirements(c, &composer.Catalog{Release: magento.Magento246(), Installation: in})
	var got []string
	for _, r := range reqs {
		got = append(got, r.Name+" "+r.Constraint)
	}
	want := []string{
		"local/module-tools ^0.4.0",
		"magento/framework 103.0.*",
		"magento/module-sales 103.0.*",
		"partner/module-warehouse ^2.3.1",
	}
	if !slices.Equal(got, want) || len(gaps) != 0 {
		t.Errorf("Requirements = %q, gaps %v; want %q and no gaps", got, gaps, want)
	}
}

func TestLoadInstallationNotInstalled(t *testing.T) {
	if _, err := composer.LoadInstallation(t.TempDir()); err == nil {
		t.Error("LoadInstallation of an empty directory succeeded")
	}
}
