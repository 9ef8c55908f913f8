package scaffold_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/modpack/modpack/composer"
	"github.com/modpack/modpack/internal/composertest"
	"github.com/modpack/modpack/internal/scaffold"
	"github.com/modpack/modpack/internal/textdiff"
	"github.com/modpack/modpack/magento"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.txtar")

var cases = []struct {
	name string
	opts scaffold.Options
}{
	{"module", scaffold.Options{Module: "Acme_Blank"}},
	{"module_sequence", scaffold.Options{
		Module:      "Acme_Catalog",
		Sequence:    []string{"Magento_Catalog", "Magento_Store", "Magento_Catalog"},
		Description: "Catalog tweaks for Acme's stores.",
		License:     "MIT",
	}},
	{"integration_legacy", scaffold.Options{
		Module: "Acme_Sync",
		Integration: &scaffold.Integration{
			Email:       "ops@acme.example",
			EndpointURL: "https://sync.acme.example/magento/activate",
			IdentityURL: "https://sync.acme.example/magento/login",
			Resources:   []string{"Magento_Sales::actions_view", "Magento_Customer::manage"},
		},
	}},
	{"integration_consolidated", scaffold.Options{
		Module: "Acme_Feed",
		Integration: &scaffold.Integration{
			Name:         "Acme's <Feed>",
			Email:        "feed@acme.example",
			Resources:    []string{"Magento_Catalog::products", "Magento_Sales::shipment"},
			Consolidated: true,
		},
	}},
}

// TestFiles compares each generated module with its golden txtar file,
// and checks that it validates with nothing to report but the note on
// the legacy format.
func TestFiles(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files, err := scaffold.Files(withCatalog(tc.opts))
			if err != nil {
				t.Fatal(err)
			}
			compareGolden(t, filepath.Join("testdata", tc.name+".golden.txtar"), files)

			dir := t.TempDir()
			if _, err := scaffold.Write(dir, files, false); err != nil {
				t.Fatal(err)
			}
			for _, f := range magento.Check(dir, magento.Options{}).Findings {
				if f.Code != "integration-legacy" {
					t.Errorf("validate: %s", f)
				}
			}
		})
	}
}

// TestComposerValidate runs the real composer client on each generated
// composer.json.
func TestComposerValidate(t *testing.T) {
	composertest.Need(t)
	for _, tc := range cases {
		files, err := scaffold.Files(withCatalog(tc.opts))
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, err := scaffold.Write(dir, files, false); err != nil {
			t.Fatal(err)
		}
		composertest.Run(t, dir, nil, "validate", "--strict", "--no-check-lock")
	}
}

func TestFilesRefused(t *testing.T) {
	tests := []struct {
		opts scaffold.Options
		want string
	}{
		{scaffold.Options{Module: "acme_sync"}, `module name "acme_sync" does not have the form Vendor_Module`},
		{scaffold.Options{Module: "Acme_Sync", Integration: &scaffold.Integration{Email: "a@b.example"}},
			"an integration needs at least one --resource or --route"},
		{scaffold.Options{Module: "Acme_Sync", Integration: &scaffold.Integration{
			Email: "a@b.example", Resources: []string{"Magento_Sales::cancle"}}},
			`unknown ACL resource "Magento_Sales::cancle"; closest known: Magento_Sales::cancel`},
		{scaffold.Options{Module: "Acme_Sync", Integration: &scaffold.Integration{
			Email: "not an address", Resources: []string{"Magento_Sales::sales"}}},
			`email "not an address" of integration "Acme Sync" is not an email address`},
	}
	for _, tt := range tests {
		_, err := scaffold.Files(withCatalog(tt.opts))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Files(%s) error = %v, want one containing %q", tt.opts.Module, err, tt.want)
		}
	}
}

func TestWriteRefusesExisting(t *testing.T) {
	dir := t.TempDir()
	readme := filepath.Join(dir, "README.md")
	if err := os.WriteFile(readme, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"README.md": []byte("new\n"), "etc/module.xml": []byte("<config/>\n")}

	_, err := scaffold.Write(dir, files, false)
	if err == nil || !strings.Contains(err.Error(), "pass --force") {
		t.Fatalf("Write over README.md: error = %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "etc", "module.xml")); err == nil {
		t.Error("a refused Write wrote etc/module.xml")
	}
	if data, _ := os.ReadFile(readme); string(data) != "mine\n" {
		t.Errorf("a refused Write changed README.md to %q", data)
	}

	if _, err := scaffold.Write(dir, files, true); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(readme); string(data) != "new\n" {
		t.Errorf("Write with force left README.md as %q", data)
	}
}

func withCatalog(opts scaffold.Options) scaffold.Options {
	opts.Catalog = &composer.Catalog{Release: magento.Magento246()}
	return opts
}

// compareGolden checks files against the txtar archive golden, or
// rewrites it with -update.
func compareGolden(t *testing.T, golden string, files map[string][]byte) {
	t.Helper()
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	ar := &txtar.Archive{}
	for _, name := range names {
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: files[name]})
	}
	got := txtar.Format(ar)

	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v; run go test -update to write it", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("generated files differ from %s:\n%s", golden,
			textdiff.Unified(golden, "generated", string(want), string(got)))
	}
}
