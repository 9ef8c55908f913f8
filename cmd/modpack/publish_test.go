package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modpack/modpack/pack"
)

// runWithPublish runs the command line args with the publish and repo
// commands added to the root, and returns the streams and exit code.
func runWithPublish(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	p := &printer{stdout: &out, stderr: &errOut}
	root := newRootCmd(&out, &errOut)
	root.AddCommand(newPublishCmd(p), newRepoCmd(p))
	root.SetArgs(args)
	code = exitCode(root.ExecuteContext(context.Background()), &errOut)
	return out.String(), errOut.String(), code
}

// needComposer skips the test when composer or php is missing, unless
// it runs in CI, where they must be installed.
func needComposer(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"composer", "php"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing; scripts/test installs it", tool)
			}
			t.Skipf("%s is missing; scripts/test installs it", tool)
		}
	}
}

// fixtureZips builds the fixture module at each version, and returns
// the zips by version.
func fixtureZips(t *testing.T, versions ...string) map[string]string {
	t.Helper()
	dir := writeFixture(t)
	zips := make(map[string]string)
	for _, v := range versions {
		zips[v] = buildZip(t, dir, pack.Options{Version: v})
	}
	return zips
}

// buildZip builds the module in dir and returns the zip's path.
func buildZip(t *testing.T, dir string, opts pack.Options) string {
	t.Helper()
	res, _, err := pack.Build(t.Context(), dir, t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res.Path
}

// writeFixture writes a module whose composer.json requires nothing,
// so that Composer needs no Magento packages, and returns its directory.
func writeFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"composer.json": `{
    "name": "acme/module-fixture",
    "description": "A module that requires nothing",
    "type": "magento2-module",
    "license": "MIT",
    "autoload": {
        "files": ["registration.php"],
        "psr-4": {"Acme\\Fixture\\": ""}
    }
}
`,
		"registration.php": "<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\n" +
			"    \\Magento\\Framework\\Component\\ComponentRegistrar::MODULE,\n" +
			"    'Acme_Fixture',\n    __DIR__\n);\n",
		"etc/module.xml": `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
			`xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">
    <module name="Acme_Fixture"/>
</config>
`,
	}
	for name, data := range files {
		name = filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// composerRun runs composer in the project dir and fails the test if
// it fails.
func composerRun(t *testing.T, project string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "composer", args...)
	cmd.Dir = project
	home := t.TempDir()
	cmd.Env = append(os.Environ(),
		"COMPOSER_HOME="+home, "COMPOSER_CACHE_DIR="+filepath.Join(home, "cache"),
		"COMPOSER_ALLOW_SUPERUSER=1", "COMPOSER_NO_AUDIT=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("composer %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// newProject writes a project that takes packages from repoURL alone.
func newProject(t *testing.T, repoURL string) string {
	t.Helper()
	dir := t.TempDir()
	manifest := `{"repositories":[{"type":"composer","url":"` + repoURL +
		`"},{"packagist.org":false}],"config":{"secure-http":false}}`
	if err := os.WriteFile(filepath.Join(dir, "composer.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// installedVersion returns the version of the fixture that Composer
// installed in project, and checks that its registration.php is
// autoloaded.
func installedVersion(t *testing.T, project string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(project, "vendor/composer/installed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var installed struct {
		Packages []struct{ Name, Version string }
	}
	if err := json.Unmarshal(data, &installed); err != nil {
		t.Fatal(err)
	}
	autoload, err := os.ReadFile(filepath.Join(project, "vendor/composer/autoload_files.php"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(autoload, []byte("acme/module-fixture/registration.php")) {
		t.Errorf("autoload_files.php lacks registration.php:\n%s", autoload)
	}
	for _, p := range installed.Packages {
		if p.Name == "acme/module-fixture" {
			return p.Version
		}
	}
	t.Fatalf("acme/module-fixture is not installed: %s", data)
	return ""
}

// TestPublishComposerHTTP publishes to a directory served over HTTP and
// installs from it with the real Composer client.
func TestPublishComposerHTTP(t *testing.T) {
	needComposer(t)
	zips := fixtureZips(t, "1.0.0", "1.1.0", "1.2.0")
	repo := t.TempDir()
	srv := httptest.NewServer(http.FileServer(http.Dir(repo)))
	defer srv.Close()

	// Two versions go in; the newest is installed.
	stdout, stderr, code := runWithPublish(t, "publish", "--to", repo,
		"--base-url", srv.URL, zips["1.0.0"], zips["1.1.0"])
	if code != 0 {
		t.Fatalf("publish = %d: %s", code, stderr)
	}
	wantURL := srv.URL + "/dist/acme/module-fixture/acme-module-fixture-1.1.0.zip"
	if lines := strings.Fields(stdout); len(lines) != 2 || lines[1] != wantURL {
		t.Errorf("stdout = %q, want two URLs ending with %s", stdout, wantURL)
	}
	if !strings.Contains(stderr, "modpack: published acme/module-fixture 1.1.0\n") {
		t.Errorf("stderr = %q, want a published note", stderr)
	}
	project := newProject(t, srv.URL)
	composerRun(t, project, "require", "acme/module-fixture:^1.0", "--no-interaction")
	if v := installedVersion(t, project); v != "1.1.0" {
		t.Errorf("installed %s, want 1.1.0", v)
	}

	// A third version is picked up by composer update.
	if _, stderr, code := runWithPublish(t, "publish", "--to", repo,
		"--base-url", srv.URL, zips["1.2.0"]); code != 0 {
		t.Fatalf("publish 1.2.0 = %d: %s", code, stderr)
	}
	composerRun(t, project, "update", "--no-interaction")
	if v := installedVersion(t, project); v != "1.2.0" {
		t.Errorf("after update, installed %s, want 1.2.0", v)
	}

	// The same zip again is a no-op.
	stdout, stderr, code = runWithPublish(t, "publish", "--to", repo,
		"--base-url", srv.URL, zips["1.1.0"])
	if code != 0 || stdout != wantURL+"\n" ||
		!strings.Contains(stderr, "1.1.0 is already published with the same bytes") {
		t.Errorf("republish = %d, %q, %q", code, stdout, stderr)
	}
}

// TestPublishComposerFile publishes to a file:// repository, with the
// zip of a publish that died before its metadata lying in it, and
// installs with the real Composer client.
func TestPublishComposerFile(t *testing.T) {
	needComposer(t)

	// 1.0.0 lacks the homepage the later versions have, so its minified
	// entry unsets it.
	dir := writeFixture(t)
	zips := map[string]string{"1.0.0": buildZip(t, dir, pack.Options{Version: "1.0.0"})}
	manifest := filepath.Join(dir, "composer.json")
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("{"), []byte(`{"homepage": "https://acme.example",`), 1)
	if err := os.WriteFile(manifest, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"1.1.0", "1.2.0"} {
		zips[v] = buildZip(t, dir, pack.Options{Version: v})
	}
	repo := t.TempDir()
	repoURL := "file://" + repo

	if _, stderr, code := runWithPublish(t, "publish", "--to", repoURL,
		zips["1.0.0"], zips["1.1.0"]); code != 0 {
		t.Fatalf("publish = %d: %s", code, stderr)
	}
	p2, err := os.ReadFile(filepath.Join(repo, "p2/acme/module-fixture.json"))
	if err != nil || !bytes.Contains(p2, []byte(`"homepage":"__unset"`)) {
		t.Errorf("p2 file does not unset homepage (%v):\n%s", err, p2)
	}
	orphan := filepath.Join(repo, "dist/acme/module-fixture/acme-module-fixture-1.2.0.zip")
	data, err = os.ReadFile(zips["1.2.0"])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(orphan, data, 0o644); err != nil {
		t.Fatal(err)
	}

	project := newProject(t, repoURL)
	composerRun(t, project, "require", "acme/module-fixture:^1.0", "--no-interaction")
	if v := installedVersion(t, project); v != "1.1.0" {
		t.Errorf("installed %s, want 1.1.0", v)
	}

	// Rebuilding from the zips takes the orphan in, as a recovery.
	if _, stderr, code := runWithPublish(t, "repo", "rebuild", repo); code != 0 {
		t.Fatalf("repo rebuild = %d: %s", code, stderr)
	}
	stdout, _, _ := runWithPublish(t, "repo", "list", repo)
	want := "acme/module-fixture 1.2.0\nacme/module-fixture 1.1.0\nacme/module-fixture 1.0.0\n"
	if stdout != want {
		t.Errorf("repo list = %q, want %q", stdout, want)
	}
	composerRun(t, project, "update", "--no-interaction")
	if v := installedVersion(t, project); v != "1.2.0" {
		t.Errorf("after rebuild and update, installed %s, want 1.2.0", v)
	}

	// Composer expands the minified 1.0.0 entry without the homepage.
	composerRun(t, project, "require", "acme/module-fixture:1.0.0", "--no-interaction")
	if v := installedVersion(t, project); v != "1.0.0" {
		t.Errorf("installed %s, want 1.0.0", v)
	}
	installed, err := os.ReadFile(filepath.Join(project, "vendor/composer/installed.json"))
	if err != nil || bytes.Contains(installed, []byte("acme.example")) {
		t.Errorf("1.0.0 was installed with the homepage of 1.1.0 (%v)", err)
	}
}

// TestPublishRefusesChangedVersion checks that a changed zip under a
// published version fails with both checksums, and --force replaces it.
func TestPublishRefusesChangedVersion(t *testing.T) {
	repo := t.TempDir()
	dir := writeFixture(t)
	first := buildZip(t, dir, pack.Options{Version: "1.1.0"})
	if _, stderr, code := runWithPublish(t, "publish", "--to", repo, first); code != 0 {
		t.Fatalf("publish = %d: %s", code, stderr)
	}

	// The same version, built with another timestamp: other bytes.
	changed := buildZip(t, dir, pack.Options{
		Version: "1.1.0", Time: pack.DefaultTime.AddDate(1, 0, 0),
	})

	stdout, stderr, code := runWithPublish(t, "publish", "--to", repo, changed)
	if code != 1 || stdout != "" {
		t.Errorf("publish changed = %d, stdout %q; want 1 and nothing", code, stdout)
	}
	for _, want := range []string{sha1Of(t, first), sha1Of(t, changed), "--force"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	stdout, stderr, code = runWithPublish(t, "publish", "--to", repo, "--force", changed)
	if code != 0 || !strings.Contains(stderr, "replaced acme/module-fixture 1.1.0") {
		t.Errorf("publish --force = %d, %q, %q", code, stdout, stderr)
	}
}

func sha1Of(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha1.Sum(data))
}

func TestPublishUsage(t *testing.T) {
	zip := filepath.Join(t.TempDir(), "x.zip")
	for _, args := range [][]string{
		{"publish", zip},
		{"publish", "--to", t.TempDir()},
		{"publish", "--to", "https://repo.example", zip},
		{"publish", "--to", t.TempDir(), "--base-url", "repo.example", zip},
		{"repo", "list"},
		{"repo", "list", "--format", "xml", t.TempDir()},
	} {
		if _, stderr, code := runWithPublish(t, args...); code != 2 {
			t.Errorf("%v = %d, want 2: %s", args, code, stderr)
		}
	}
}
