package corpus_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/modpack/modpack/internal/corpus"
	"github.com/modpack/modpack/magento"
)

// TestWriteValidates checks that every component of the corpus is found
// and passes magento.Check with no errors or warnings.
func TestWriteValidates(t *testing.T) {
	tests := []struct {
		name       string
		packages   int
		files      int
		components int
	}{
		// Libraries, language packs, one module, and the fixtures of
		// magento2-base, none of which may be taken for a component.
		{"first20", 20, 13444, 13},
		{"all", 0, 59387, 489},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.packages == 0 && testing.Short() {
				t.Skip("writes 59,387 files")
			}
			dir := t.TempDir()
			stats, err := corpus.Write(dir, corpus.Options{Packages: tt.packages})
			if err != nil {
				t.Fatal(err)
			}
			if stats.Files != tt.files || stats.Components != tt.components {
				t.Errorf("Write wrote %d files, %d components; want %d, %d",
					stats.Files, stats.Components, tt.files, tt.components)
			}

			dirs, errs := magento.Discover(dir)
			for _, err := range errs {
				t.Errorf("Discover: %v", err)
			}
			if len(dirs) != stats.Components {
				t.Errorf("Discover found %d components, want %d",
					len(dirs), stats.Components)
			}
			for _, d := range dirs {
				checkComponent(t, d)
			}
		})
	}
}

// tolerated are the findings above Info that the corpus cannot avoid, by
// package directory, with their rule codes.
var tolerated = map[string]string{
	// Check warns about any module named Ui, Magento's own included.
	"module-ui": "registration-ui-name",
}

// checkComponent checks the component in dir: no errors or warnings,
// and a name that Magento's convention maps to its package directory.
func checkComponent(t *testing.T, dir string) {
	t.Helper()
	pkg := filepath.Base(dir)
	r := magento.Check(dir, magento.Options{})
	for _, f := range r.Findings {
		switch {
		case f.Severity == magento.Info:
			t.Logf("%s: %v", pkg, f)
		case tolerated[pkg] != f.Code:
			t.Errorf("%s: %v", pkg, f)
		}
	}

	// google-shopping-ads is the one package named against convention.
	c := r.Component
	got := magento.ComposerName(c.Type, c.Name)
	if want := "magento/" + pkg; got != want && pkg != "google-shopping-ads" {
		t.Errorf("ComposerName(%q, %q) = %q, want %q", c.Type, c.Name, got, want)
	}
}

// TestWriteDeterministic checks that two Writes with content give the
// same files, bytes and modes, and that files have their real sizes.
func TestWriteDeterministic(t *testing.T) {
	opts := corpus.Options{Packages: 5, Content: true}
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := corpus.Write(dir, opts); err != nil {
			t.Fatal(err)
		}
	}

	treeA, treeB := readTree(t, a), readTree(t, b)
	if len(treeA) != len(treeB) {
		t.Errorf("Writes gave %d and %d files", len(treeA), len(treeB))
	}
	for name, fa := range treeA {
		fb, ok := treeB[name]
		switch {
		case !ok:
			t.Errorf("%s: only in the first Write", name)
		case fa.mode != fb.mode || !bytes.Equal(fa.data, fb.data):
			t.Errorf("%s: Writes differ", name)
		}
	}

	// framework-amqp/Config.php is 5,447 bytes in the release.
	f := treeA["framework-amqp/Config.php"]
	if len(f.data) != 5447 || bytes.IndexByte(f.data, 0) >= 0 {
		t.Errorf("framework-amqp/Config.php has %d bytes, NUL at %d; want 5447 bytes of text",
			len(f.data), bytes.IndexByte(f.data, 0))
	}
}

type treeFile struct {
	mode fs.FileMode
	data []byte
}

// readTree returns every file under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string]treeFile {
	t.Helper()
	files := map[string]treeFile{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = treeFile{info.Mode(), data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestWritePackagesOutOfRange(t *testing.T) {
	for _, n := range []int{-1, 507} {
		_, err := corpus.Write(t.TempDir(), corpus.Options{Packages: n})
		if err == nil {
			t.Errorf("Write(Packages: %d) succeeded, want an error", n)
		}
	}
}
