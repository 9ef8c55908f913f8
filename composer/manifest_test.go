package composer_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modpack/modpack/composer"
	"github.com/modpack/modpack/internal/txtartest"
	"github.com/modpack/modpack/magento"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/{init,update}/*.txtar")

// TestGenerate runs Generate on each component in testdata/init. The
// archive's comment holds options as key=value lines; its "want" section
// is the expected composer.json and "notes" what Generate could not place.
func TestGenerate(t *testing.T) {
	runCases(t, "testdata/init", func(t *testing.T, dir string, params map[string]string) (string, string) {
		c := magento.Check(dir, magento.Options{}).Component
		opts := composer.Options{
			Name:        params["name"],
			Description: params["description"],
			License:     params["license"],
			Version:     params["version"],
			Catalog:     &composer.Catalog{Release: magento.Magento246()},
		}
		doc, gaps, err := composer.Generate(c, opts)
		if err != nil {
			return "", "error: " + err.Error() + "\n"
		}
		var notes strings.Builder
		for _, g := range gaps {
			notes.WriteString(g.String() + "\n")
		}
		return string(composer.Encode(doc)), notes.String()
	})
}

// TestUpdate runs Update on the composer.json of each component in
// testdata/update. "want" is the file afterwards and "notes" lists the
// changes and notes. A case whose file needs no change must come back
// byte for byte.
func TestUpdate(t *testing.T) {
	runCases(t, "testdata/update", func(t *testing.T, dir string, params map[string]string) (string, string) {
		c := magento.Check(dir, magento.Options{}).Component
		old, err := os.ReadFile(filepath.Join(dir, "composer.json"))
		if err != nil {
			t.Fatal(err)
		}
		v, err := composer.Decode(old)
		if err != nil {
			return "", "error: " + err.Error() + "\n"
		}
		doc := v.(*composer.Object)
		changes, notes := composer.Update(doc, c, &composer.Catalog{Release: magento.Magento246()})

		var out strings.Builder
		for _, ch := range changes {
			out.WriteString("change: " + ch + "\n")
		}
		for _, n := range notes {
			out.WriteString("note: " + n + "\n")
		}
		got := composer.Encode(doc)
		if len(changes) == 0 && !bytes.Equal(got, old) {
			t.Errorf("Update made no change, but the file encodes differently:\n%s", got)
		}
		return string(got), out.String()
	})
}

type runner func(t *testing.T, dir string, params map[string]string) (file, notes string)

func runCases(t *testing.T, pattern string, run runner) {
	files, _ := filepath.Glob(pattern + "/*.txtar")
	if len(files) == 0 {
		t.Fatalf("no cases in %s", pattern)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			// composer validate takes a second a file; run them side by side.
			t.Parallel()
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := txtartest.Extract(t, ar, "want", "notes")

			got, notes := run(t, dir, params(ar.Comment))
			if got != string(txtartest.Section(ar, "want")) || notes != string(txtartest.Section(ar, "notes")) {
				if *update {
					txtartest.SetSection(ar, "want", got)
					txtartest.SetSection(ar, "notes", notes)
					if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					t.Errorf("composer.json:\n%s\nwant:\n%s\nnotes:\n%s\nwant:\n%s",
						got, txtartest.Section(ar, "want"), notes, txtartest.Section(ar, "notes"))
				}
			}
			if got != "" {
				composerValidate(t, got)
			}
		})
	}
}

// composerValidate runs the real Composer client's validate --strict on
// a composer.json. The test script installs Composer; elsewhere the
// check is skipped, but never in CI.
func composerValidate(t *testing.T, content string) {
	t.Helper()
	bin, err := exec.LookPath("composer")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("composer is not installed; scripts/test installs it")
		}
		t.Log("composer is not installed; skipping composer validate")
		return
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "composer.json"), []byte(content))
	args := []string{"validate", "--strict", "--no-interaction"}
	if strings.Contains(content, `"version":`) {
		args = append(args, "--no-check-version")
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "COMPOSER_HOME="+t.TempDir(), "COMPOSER_ALLOW_SUPERUSER=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("composer validate --strict: %v\n%s", err, out)
	}
}

func params(comment []byte) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(string(comment), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return m
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
