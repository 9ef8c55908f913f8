package pack_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"hash/crc32"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/modpack/modpack/magento"
	"github.com/modpack/modpack/pack"
)

// zipOptions shape a test zip beyond its files.
type zipOptions struct {
	name   string     // the zip's file name; "" means package.zip
	top    string     // a folder holding every file; "" means none
	macOSX bool       // add the __MACOSX/ folder macOS Finder adds
	raw    []rawEntry // entries written byte for byte after the files
}

// A rawEntry is written with zip.Writer.CreateRaw: its header is kept as
// given, so a test can set names, modes, flags and sizes that a normal
// writer would not produce.
type rawEntry struct {
	hdr  zip.FileHeader
	body string
}

// stored returns an entry of body stored uncompressed, with the right
// checksum and sizes.
func stored(name, body string) rawEntry {
	return rawEntry{
		hdr: zip.FileHeader{
			Name:               name,
			Method:             zip.Store,
			CRC32:              crc32.ChecksumIEEE([]byte(body)),
			CompressedSize64:   uint64(len(body)),
			UncompressedSize64: uint64(len(body)),
		},
		body: body,
	}
}

// writeTestZip writes files (name to content) and opts' entries as a zip
// in a new directory, and returns its path.
func writeTestZip(t *testing.T, files map[string]string, opts zipOptions) string {
	t.Helper()
	name := opts.name
	if name == "" {
		name = "package.zip"
	}
	file := filepath.Join(t.TempDir(), name)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(hdr *zip.FileHeader, body string) {
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}

	for _, rel := range slices.Sorted(maps.Keys(files)) {
		add(&zip.FileHeader{Name: opts.top + rel, Method: zip.Deflate}, files[rel])
		if opts.macOSX {
			dir, base := path.Split(opts.top + rel)
			add(&zip.FileHeader{Name: "__MACOSX/" + dir + "._" + base}, "\x00\x05\x16\x07")
		}
	}
	for _, e := range opts.raw {
		w, err := zw.CreateRaw(&e.hdr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// sampleFiles returns the files of the sample module with the version
// added to its composer.json, as a package for upload carries it.
func sampleFiles(t *testing.T) map[string]string {
	t.Helper()
	src := "../testdata/sample/order-export"
	files := map[string]string{}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	setJSON("1.0.0", "version")(t, files)
	return files
}

// An edit changes the files of a test component.
type edit func(t *testing.T, files map[string]string)

// withFile sets the content of the file name.
func withFile(name, content string) edit {
	return func(_ *testing.T, files map[string]string) { files[name] = content }
}

// without deletes the file name.
func without(name string) edit {
	return func(_ *testing.T, files map[string]string) { delete(files, name) }
}

// setJSON sets the value at keys in composer.json, creating objects on
// the way; a nil value deletes the key.
func setJSON(value any, keys ...string) edit {
	return func(t *testing.T, files map[string]string) {
		t.Helper()
		var doc map[string]any
		if err := json.Unmarshal([]byte(files["composer.json"]), &doc); err != nil {
			t.Fatal(err)
		}
		obj := doc
		for _, key := range keys[:len(keys)-1] {
			next, ok := obj[key].(map[string]any)
			if !ok {
				next = map[string]any{}
				obj[key] = next
			}
			obj = next
		}
		last := keys[len(keys)-1]
		if value == nil {
			delete(obj, last)
		} else {
			obj[last] = value
		}
		data, err := json.MarshalIndent(doc, "", "    ")
		if err != nil {
			t.Fatal(err)
		}
		files["composer.json"] = string(data)
	}
}

// requires adds pkg at constraint to composer.json's require.
func requires(pkg, constraint string) edit { return setJSON(constraint, "require", pkg) }

// A zipMaker writes a test zip and returns its path.
type zipMaker func(t *testing.T) string

// module makes a zip of the sample module after edit, if any, changes
// its files.
func module(edit edit, opts zipOptions) zipMaker {
	return func(t *testing.T) string {
		files := sampleFiles(t)
		if edit != nil {
			edit(t, files)
		}
		return writeTestZip(t, files, opts)
	}
}

// moduleWith makes a zip of the sample module followed by entries.
func moduleWith(entries ...rawEntry) zipMaker {
	return module(nil, zipOptions{raw: entries})
}

// other makes a zip of files.
func other(files map[string]string, opts zipOptions) zipMaker {
	return func(t *testing.T) string { return writeTestZip(t, files, opts) }
}

// bytesFile makes a file holding data.
func bytesFile(data func(t *testing.T) []byte) zipMaker {
	return func(t *testing.T) string {
		file := filepath.Join(t.TempDir(), "package.zip")
		if err := os.WriteFile(file, data(t), 0o644); err != nil {
			t.Fatal(err)
		}
		return file
	}
}

// themeFiles returns the files of a storefront theme, with an
// autoload.psr-4 that themes must not have if psr4 is set.
func themeFiles(psr4 bool) map[string]string {
	autoload := `{"files": ["registration.php"]}`
	if psr4 {
		autoload = `{"files": ["registration.php"], "psr-4": {"Acme\\Clean\\": ""}}`
	}
	return map[string]string{
		"composer.json": `{
    "name": "acme/theme-frontend-clean",
    "description": "A clean storefront theme.",
    "type": "magento2-theme",
    "version": "1.0.0",
    "license": "proprietary",
    "require": {"magento/theme-frontend-blank": "100.4.*"},
    "autoload": ` + autoload + `
}`,
		"registration.php": "<?php\n" +
			"use Magento\\Framework\\Component\\ComponentRegistrar;\n" +
			"ComponentRegistrar::register(ComponentRegistrar::THEME, 'frontend/Acme/clean', __DIR__);\n",
		"theme.xml": "<theme><title>Clean</title><parent>Magento/blank</parent></theme>\n",
	}
}

// languageFiles returns the files of a language pack, with an
// autoload.psr-4 that language packs must not have if psr4 is set.
func languageFiles(psr4 bool) map[string]string {
	autoload := `{"files": ["registration.php"]}`
	if psr4 {
		autoload = `{"files": ["registration.php"], "psr-4": {"Acme\\DeDe\\": ""}}`
	}
	return map[string]string{
		"composer.json": `{
    "name": "acme/language-de_de",
    "description": "German for the Acme storefront.",
    "type": "magento2-language",
    "version": "1.0.0",
    "license": "proprietary",
    "require": {"magento/framework": "103.0.*"},
    "autoload": ` + autoload + `
}`,
		"registration.php": "<?php\n" +
			"use Magento\\Framework\\Component\\ComponentRegistrar;\n" +
			"ComponentRegistrar::register(ComponentRegistrar::LANGUAGE, 'acme_de_de', __DIR__);\n",
		"language.xml": "<language><code>de_DE</code><vendor>acme</vendor>" +
			"<package>de_de</package></language>\n",
	}
}

// metapackage returns the composer.json of a metapackage requiring
// require, a JSON object.
func metapackage(require string) map[string]string {
	return map[string]string{"composer.json": `{
    "name": "acme/suite",
    "description": "All Acme modules.",
    "type": "metapackage",
    "version": "1.0.0",
    "license": "proprietary",
    "require": ` + require + `
}`}
}

// verify runs Verify on the zip at file, failing the test on an error.
func verify(t *testing.T, file string, opts pack.VerifyOptions) *magento.Report {
	t.Helper()
	r, err := pack.Verify(context.Background(), file, opts)
	if err != nil {
		t.Fatalf("Verify(%q) = %v", file, err)
	}
	return r
}

// codes returns the distinct codes of r's findings, leaving out those in
// ignore.
func codes(r *magento.Report, ignore []string) []string {
	var out []string
	for _, f := range r.Findings {
		if !slices.Contains(out, f.Code) && !slices.Contains(ignore, f.Code) {
			out = append(out, f.Code)
		}
	}
	slices.Sort(out)
	return out
}

// findingLines returns r's findings, one per indented line, for test
// failures.
func findingLines(r *magento.Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString("\n\t" + f.String())
	}
	return b.String()
}

// goodCodes returns the codes the sample module's zip gets, which must
// all be notes.
func goodCodes(t *testing.T) []string {
	t.Helper()
	r := verify(t, module(nil, zipOptions{})(t), pack.VerifyOptions{})
	if n := r.Count(magento.Error) + r.Count(magento.Warning); n > 0 {
		t.Fatalf("Verify(sample module) has %d problems:%s", n, findingLines(r))
	}
	return codes(r, nil)
}

func TestVerifyGoodPackages(t *testing.T) {
	tests := []struct {
		name string
		zip  zipMaker
	}{
		{"module", module(nil, zipOptions{})},
		{"module_in_folder", module(nil, zipOptions{name: "order-export.zip", top: "order-export/"})},
		{"module_with_near_names", module(func(_ *testing.T, files map[string]string) {
			files["etc/integration.xml.sample"] = "<config/>\n"
			files["composer.json.orig"] = "{}\n"
		}, zipOptions{})},
		{"theme", other(themeFiles(false), zipOptions{})},
		{"language", other(languageFiles(false), zipOptions{})},
		{"metapackage", other(metapackage(`{"acme/module-a": "1.2.0"}`), zipOptions{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.zip(t)
			r := verify(t, file, pack.VerifyOptions{Marketplace: true})
			if n := r.Count(magento.Error) + r.Count(magento.Warning); n > 0 {
				t.Errorf("Verify(%q) has %d problems, want none:%s", tt.name, n, findingLines(r))
			}
			if r.Component == nil || r.Component.Dir != file {
				t.Errorf("Verify(%q).Component = %+v, want Dir %q", tt.name, r.Component, file)
			}
		})
	}
}

// withHeader returns e with its header changed by edit.
func withHeader(e rawEntry, edit func(*zip.FileHeader)) rawEntry {
	edit(&e.hdr)
	return e
}

// declared returns an entry whose header claims sizes its data does not
// have, as a crafted zip bomb's does.
func declared(name string, compressed, size uint64) rawEntry {
	return withHeader(stored(name, "x"), func(h *zip.FileHeader) {
		h.CompressedSize64, h.UncompressedSize64 = compressed, size
	})
}

// goodZip returns the bytes of the sample module's zip.
func goodZip(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(module(nil, zipOptions{})(t))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestVerifyFindings(t *testing.T) {
	ignore := goodCodes(t)
	const php = "<?php\n"
	inFolder := zipOptions{name: "order-export.zip", top: "order-export/"}
	theme, language := themeFiles(false), languageFiles(false)
	delete(theme, "theme.xml")
	delete(language, "language.xml")
	meta := metapackage(`{"acme/module-a": "1.2.0"}`)
	meta["README.md"] = "# Acme suite\n"

	tests := []struct {
		name string
		zip  zipMaker
		want []string
	}{
		// The zip as a whole.
		{"not_zip", bytesFile(func(*testing.T) []byte { return []byte(php) }),
			[]string{"zip-not-zip"}},
		{"truncated", bytesFile(func(t *testing.T) []byte {
			data := goodZip(t)
			return data[:len(data)/2]
		}), []string{"zip-damaged"}},
		{"empty_zip", other(nil, zipOptions{}), []string{"zip-empty"}},

		// Layout and junk.
		{"two_top_dirs", module(nil, zipOptions{top: "a/", raw: []rawEntry{stored("b/x", "x")}}),
			[]string{"zip-top-level"}},
		{"top_dir_and_macosx", module(nil, zipOptions{name: "order-export.zip",
			top: "order-export/", macOSX: true}), []string{"zip-top-level"}},
		{"top_dir_and_macosx_checked_on", module(without("etc/module.xml"),
			zipOptions{name: "order-export.zip", top: "order-export/", macOSX: true}),
			[]string{"zip-required-file", "zip-top-level"}},
		{"top_dir_not_zip_name", module(nil, zipOptions{name: "acme.zip", top: "order-export/"}),
			[]string{"zip-top-level-name"}},
		{"root_and_macosx", module(nil, zipOptions{macOSX: true}), []string{"zip-junk"}},
		{"ds_store", module(withFile("etc/.DS_Store", "junk"), inFolder), []string{"zip-junk"}},
		{"git_dir", module(withFile(".git/HEAD", "ref: refs/heads/main\n"), zipOptions{}),
			[]string{"zip-junk"}},

		// Entries.
		{"dot_dot", moduleWith(stored("../evil.php", php)), []string{"zip-unsafe-path"}},
		{"absolute", moduleWith(stored("/tmp/evil.php", php)), []string{"zip-unsafe-path"}},
		{"backslash", moduleWith(stored(`Model\Evil.php`, php)), []string{"zip-unsafe-path"}},
		{"drive_letter", moduleWith(stored("C:/evil.php", php)), []string{"zip-unsafe-path"}},
		{"symlink", moduleWith(withHeader(stored("link.php", "/etc/passwd"),
			func(h *zip.FileHeader) { h.SetMode(fs.ModeSymlink | 0o777) })),
			[]string{"zip-symlink"}},
		{"duplicate", moduleWith(stored("README.md", "again")), []string{"zip-duplicate"}},
		{"case_collision", moduleWith(stored("readme.md", "again")),
			[]string{"zip-case-collision"}},
		{"name_not_utf8", moduleWith(stored("caf\xe9.txt", "x")), []string{"zip-name-encoding"}},
		{"encrypted", moduleWith(withHeader(stored("secret.php", "????"),
			func(h *zip.FileHeader) { h.Flags |= 0x1 })), []string{"zip-encrypted"}},
		{"bzip2", moduleWith(withHeader(stored("data.txt", "BZh9"),
			func(h *zip.FileHeader) { h.Method = 12 })), []string{"zip-method"}},
		{"bad_checksum", moduleWith(withHeader(stored("data.txt", "data"),
			func(h *zip.FileHeader) { h.CRC32++ })), []string{"zip-damaged"}},
		{"ratio_bomb", module(withFile("media/zeros.bin", strings.Repeat("\x00", 2<<20)),
			zipOptions{}), []string{"zip-bomb"}},
		{"size_bomb", moduleWith(declared("a.bin", 4<<20, 600<<20),
			declared("b.bin", 4<<20, 600<<20)), []string{"zip-bomb"}},

		// composer.json, as the Marketplace's package validator reads it.
		{"composer_nested", module(nil, zipOptions{name: "Acme.zip", top: "Acme/OrderExport/"}),
			[]string{"registration-missing", "zip-composer-misplaced"}},
		{"composer_missing", module(without("composer.json"), zipOptions{}),
			[]string{"zip-composer-missing"}},
		{"composer_empty", module(withFile("composer.json", ""), zipOptions{}),
			[]string{"zip-composer-empty"}},
		{"composer_bad_json", module(withFile("composer.json", `{"name": `), zipOptions{}),
			[]string{"zip-composer-invalid"}},
		{"psr4_src", module(setJSON("src/", "autoload", "psr-4", `Acme\OrderExport\`),
			zipOptions{}), []string{"zip-source-folder"}},
		{"psr4_array", module(setJSON([]any{"", "src/"}, "autoload", "psr-4", `Acme\OrderExport\`),
			zipOptions{}), []string{"zip-source-folder"}},
		{"registration_in_src", module(setJSON([]any{"src/registration.php"}, "autoload", "files"),
			zipOptions{}), []string{"zip-registration", "zip-source-folder"}},
		{"name_invalid", module(setJSON("acme order export", "name"), zipOptions{}),
			[]string{"zip-composer-name"}},
		{"type_missing", module(setJSON(nil, "type"), zipOptions{}),
			[]string{"zip-composer-type"}},
		{"type_library", module(setJSON("magento2-library", "type"), zipOptions{}),
			[]string{"zip-composer-type"}},
		{"version_missing", module(setJSON(nil, "version"), zipOptions{}),
			[]string{"zip-composer-version"}},
		{"version_short", module(setJSON("1.0", "version"), zipOptions{}),
			[]string{"zip-composer-version-marketplace"}},
		{"version_invalid", module(setJSON("1.0 final", "version"), zipOptions{}),
			[]string{"zip-composer-version"}},
		{"autoload_missing", module(setJSON(nil, "autoload"), zipOptions{}),
			[]string{"zip-autoload"}},
		{"autoload_files_missing", module(setJSON(nil, "autoload", "files"), zipOptions{}),
			[]string{"zip-autoload-files"}},
		{"autoload_files_no_registration", module(setJSON([]any{"functions.php"}, "autoload", "files"),
			zipOptions{}), []string{"zip-autoload-registration"}},
		{"psr4_missing", module(setJSON(nil, "autoload", "psr-4"), zipOptions{}),
			[]string{"zip-autoload-psr4"}},
		{"require_product", module(requires("magento/product-community-edition", "2.4.6"),
			zipOptions{}), []string{"zip-require-banned"}},
		{"require_installer", module(requires("magento/magento-composer-installer", "^0.4"),
			zipOptions{}), []string{"zip-require-banned"}},
		{"require_magento_star", module(requires("magento/framework", "*"), zipOptions{}),
			[]string{"zip-require-wildcard"}},
		{"require_php", module(requires("php", "~8.1.0"), zipOptions{}),
			[]string{"zip-require-php"}},
		{"require_alias", module(requires("acme/lib", "dev-main as 1.0.0"), zipOptions{}),
			[]string{"zip-require-alias"}},
		{"extra_map", module(setJSON([]any{[]any{"*", "Acme/OrderExport"}}, "extra", "map"),
			zipOptions{}), []string{"zip-extra-deprecated"}},
		{"extra_root_dir", module(setJSON(".", "extra", "magento-root-dir"), zipOptions{}),
			[]string{"zip-extra-deprecated"}},
		{"module_xml_missing", module(without("etc/module.xml"), zipOptions{}),
			[]string{"zip-required-file"}},
		{"module_xml_empty", module(withFile("etc/module.xml", ""), zipOptions{}),
			[]string{"zip-required-file"}},
		{"registration_missing", module(without("registration.php"), zipOptions{}),
			[]string{"zip-registration"}},
		{"registration_empty", module(withFile("registration.php", ""), zipOptions{}),
			[]string{"zip-registration"}},

		// Themes, language packs and metapackages.
		{"theme_psr4", other(themeFiles(true), zipOptions{}),
			[]string{"zip-autoload-psr4-forbidden"}},
		{"theme_xml_missing", other(theme, zipOptions{}), []string{"zip-required-file"}},
		{"language_psr4", other(languageFiles(true), zipOptions{}),
			[]string{"zip-autoload-psr4-forbidden"}},
		{"language_xml_missing", other(language, zipOptions{}),
			[]string{"zip-required-file"}},
		{"metapackage_no_require", other(metapackage(`{}`), zipOptions{}),
			[]string{"zip-metapackage-require"}},
		{"metapackage_wildcard", other(metapackage(`{"acme/module-a": "1.2.*"}`), zipOptions{}),
			[]string{"zip-require-wildcard"}},
		{"metapackage_files", other(meta, zipOptions{}), []string{"zip-metapackage-files"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := verify(t, tt.zip(t), pack.VerifyOptions{})
			if got := codes(r, ignore); !slices.Equal(got, tt.want) {
				t.Errorf("Verify(%q) codes = %q, want %q; findings:%s",
					tt.name, got, tt.want, findingLines(r))
			}
		})
	}
}

// TestVerifySize checks the Marketplace's 30 MB limit, an error only
// for a zip meant for the Marketplace.
func TestVerifySize(t *testing.T) {
	noise := make([]byte, 32_000_000) // over 30 MiB, so over 30 MB too
	rand.NewChaCha8([32]byte{}).Read(noise)
	large := moduleWith(stored("media/noise.bin", string(noise)))(t)
	small := module(nil, zipOptions{})(t)

	tests := []struct {
		name        string
		file        string
		marketplace bool
		want        []string
	}{
		{"small", small, true, nil},
		{"large", large, false, []string{"zip-size"}},
		{"large", large, true, []string{"zip-size-marketplace"}},
	}
	ignore := goodCodes(t)
	for _, tt := range tests {
		r := verify(t, tt.file, pack.VerifyOptions{Marketplace: tt.marketplace})
		if got := codes(r, ignore); !slices.Equal(got, tt.want) {
			t.Errorf("Verify(%q, Marketplace: %v) codes = %q, want %q",
				tt.name, tt.marketplace, got, tt.want)
		}
	}
}

// TestVerifyMacOSXFolder checks that a zip holding the component's
// folder and the __MACOSX folder Finder adds is refused as having two
// top-level directories, as the Marketplace refuses it.
func TestVerifyMacOSXFolder(t *testing.T) {
	opts := zipOptions{name: "order-export.zip", top: "order-export/", macOSX: true}
	r := verify(t, module(nil, opts)(t), pack.VerifyOptions{})
	i := slices.IndexFunc(r.Findings, func(f magento.Finding) bool {
		return f.Code == "zip-top-level"
	})
	if i < 0 {
		t.Fatalf("Verify(folder + __MACOSX) has no zip-top-level finding:%s", findingLines(r))
	}
	f := r.Findings[i]
	if f.Severity != magento.Error || f.File != "" ||
		!strings.Contains(f.Message, ": 2 (") || !strings.Contains(f.Fix, "__MACOSX") {
		t.Errorf("Verify(folder + __MACOSX) = %v, want an error on the zip naming 2 directories and __MACOSX", f)
	}
}

// TestVerifyPaths checks that findings name files by their path in the
// zip, top-level folder included, for the zip checks and for the
// component checks alike.
func TestVerifyPaths(t *testing.T) {
	edit := func(t *testing.T, files map[string]string) {
		delete(files, "etc/module.xml")
		files["etc/acl.xml"] = "<config>"
	}
	opts := zipOptions{name: "order-export.zip", top: "order-export/"}
	r := verify(t, module(edit, opts)(t), pack.VerifyOptions{})
	want := map[string]string{
		"order-export/etc/module.xml": "zip-required-file",
		"order-export/etc/acl.xml":    "xml-syntax",
	}
	for file, code := range want {
		if !slices.ContainsFunc(r.Findings, func(f magento.Finding) bool {
			return f.File == file && f.Code == code
		}) {
			t.Errorf("Verify(%q) has no %s finding on %q:%s", "order-export.zip", code, file, findingLines(r))
		}
	}
}

// TestVerifyUnreadable checks that a file that cannot be read at all is
// an error, not a report.
func TestVerifyUnreadable(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.zip")
	for _, file := range []string{missing, dir} {
		r, err := pack.Verify(context.Background(), file, pack.VerifyOptions{})
		if err == nil {
			t.Errorf("Verify(%q) = %v, nil; want an error", file, r)
		}
		if file == missing && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Verify(%q) = %v, want fs.ErrNotExist", file, err)
		}
	}
}

// FuzzVerify checks that no bytes make Verify panic or fail: whatever a
// file holds, it is a zip with findings, or a finding that it is not.
func FuzzVerify(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(t.TempDir(), "fuzz.zip")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := pack.Verify(context.Background(), file, pack.VerifyOptions{})
		if err != nil || r == nil || r.Component == nil || r.Component.Dir != file {
			t.Fatalf("Verify(%d bytes) = %v, %v; want a report on %q", len(data), r, err, file)
		}
	})
}
