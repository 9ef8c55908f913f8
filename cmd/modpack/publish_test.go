package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modpack/modpack/internal/composertest"
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

// fixtureDescription is the description of the fixture module.
const fixtureDescription = "A module that requires nothing"

// fixtureZips builds the fixture module at each version, and returns
// the zips by version.
func fixtureZips(t *testing.T, versions ...string) map[string]string {
	t.Helper()
	dir := composertest.WriteFixture(t, fixtureDescription)
	zips := make(map[string]string)
	for _, v := range versions {
		zips[v] = composertest.BuildZip(t, dir, v)
	}
	return zips
}

// installedVersion returns the version of the fixture that Composer
// installed in project, and checks that its registration.php is
// autoloaded.
func installedVersion(t *testing.T, project string) string {
	t.Helper()
	v := composertest.InstalledVersion(t, project, composertest.Fixture)
	composertest.CheckAutoload(t, project,
		composertest.Fixture+"/registration.php")
	return v
}

// TestPublishComposerHTTP publishes to a directory served over HTTP and
// installs from it with the real Composer client.
func TestPublishComposerHTTP(t *testing.T) {
	composertest.Need(t)
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
	project := composertest.NewProject(t, srv.URL)
	composertest.Run(t, project, nil,
		"require", "acme/module-fixture:^1.0", "--no-interaction")
	if v := installedVersion(t, project); v != "1.1.0" {
		t.Errorf("installed %s, want 1.1.0", v)
	}

	// A third version is picked up by composer update.
	if _, stderr, code := runWithPublish(t, "publish", "--to", repo,
		"--base-url", srv.URL, zips["1.2.0"]); code != 0 {
		t.Fatalf("publish 1.2.0 = %d: %s", code, stderr)
	}
	composertest.Run(t, project, nil, "update", "--no-interaction")
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
	composertest.Need(t)

	// 1.0.0 lacks the homepage the later versions have, so its minified
	// entry unsets it.
	dir := composertest.WriteFixture(t, fixtureDescription)
	zips := map[string]string{"1.0.0": composertest.BuildZip(t, dir, "1.0.0")}
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
		zips[v] = composertest.BuildZip(t, dir, v)
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

	project := composertest.NewProject(t, repoURL)
	composertest.Run(t, project, nil,
		"require", "acme/module-fixture:^1.0", "--no-interaction")
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
	composertest.Run(t, project, nil, "update", "--no-interaction")
	if v := installedVersion(t, project); v != "1.2.0" {
		t.Errorf("after rebuild and update, installed %s, want 1.2.0", v)
	}

	// Composer expands the minified 1.0.0 entry without the homepage.
	composertest.Run(t, project, nil,
		"require", "acme/module-fixture:1.0.0", "--no-interaction")
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
	dir := composertest.WriteFixture(t, fixtureDescription)
	first := composertest.BuildZip(t, dir, "1.1.0")
	if _, stderr, code := runWithPublish(t, "publish", "--to", repo, first); code != 0 {
		t.Fatalf("publish = %d: %s", code, stderr)
	}

	// The same version, built with another timestamp: other bytes.
	changed := composertest.Build(t, dir, pack.Options{
		Version: "1.1.0", Time: pack.DefaultTime.AddDate(1, 0, 0),
	})

	stdout, stderr, code := runWithPublish(t, "publish", "--to", repo, changed)
	if code != 1 || stdout != "" {
		t.Errorf("publish changed = %d, stdout %q; want 1 and nothing", code, stdout)
	}
	sums := []string{composertest.SHA1(t, first), composertest.SHA1(t, changed)}
	for _, want := range append(sums, "--force") {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	stdout, stderr, code = runWithPublish(t, "publish", "--to", repo, "--force", changed)
	if code != 0 || !strings.Contains(stderr, "replaced acme/module-fixture 1.1.0") {
		t.Errorf("publish --force = %d, %q, %q", code, stdout, stderr)
	}
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
