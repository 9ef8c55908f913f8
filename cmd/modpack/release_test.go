package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modpack/modpack/internal/composertest"
	"github.com/modpack/modpack/internal/gittest"
)

// runReleaseIn runs modpack release with args in dir, and returns its
// exit code and output.
func runReleaseIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	root := newRootCmd(&out, &errOut)
	root.AddCommand(newReleaseCmd(&printer{stdout: &out, stderr: &errOut}))
	root.SetArgs(append([]string{"release"}, args...))
	code := exitCode(root.ExecuteContext(context.Background()), &errOut)
	return code, out.String(), errOut.String()
}

// addFixture commits the fixture module under dir in r, named Acme_Name
// and acme/module-name.
func addFixture(t *testing.T, r *gittest.Repo, dir, name string) {
	t.Helper()
	src := composertest.WriteFixture(t, fixtureDescription)
	var files []string
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		file := filepath.ToSlash(filepath.Join(dir, rel))
		text := strings.ReplaceAll(string(data), "Fixture", name)
		text = strings.ReplaceAll(text, "fixture", strings.ToLower(name))
		r.Write(file, text)
		files = append(files, file)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.CommitFiles("feat: add "+dir, files...)
}

// tags returns the repository's tag names, sorted.
func tags(t *testing.T, r *gittest.Repo) []string {
	t.Helper()
	iter, err := r.Git.Tags()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for {
		ref, err := iter.Next()
		if err != nil {
			break
		}
		names = append(names, ref.Name().Short())
	}
	slices.Sort(names)
	return names
}

// fixtureRepo is the fixture module tagged v1.0.0, then a feat: commit.
func fixtureRepo(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	addFixture(t, r, ".", "Fixture")
	r.AnnotatedTag("v1.0.0", r.Head())
	r.Commit("feat: export orders", "Model/Export.php")
	return r
}

// TestRelease releases a module: the dry run changes nothing, the
// release leaves a tag, the files, a zip and a repository that Composer
// installs from, and a second run has nothing to do.
func TestRelease(t *testing.T) {
	r := fixtureRepo(t)
	repo := filepath.Join(t.TempDir(), "repo")
	manifest := filepath.Join(r.Dir, "composer.json")
	before, _ := os.ReadFile(manifest)
	head := r.Head()

	// The dry run plans and changes nothing.
	code, out, errOut := runReleaseIn(t, r.Dir, "--to", repo, "--dry-run")
	if code != 0 || out != "1.1.0\n" {
		t.Fatalf("release --dry-run = %d, %q; stderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"release Acme_Fixture: validate\n",
		"minor because of ",
		"would write CHANGELOG.md",
		"would build " + filepath.Join(r.Dir, "dist", "acme-module-fixture-1.1.0.zip"),
		"would publish to " + repo,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("dry-run stderr lacks %q:\n%s", want, errOut)
		}
	}
	after, _ := os.ReadFile(manifest)
	if !bytes.Equal(before, after) || r.Head() != head ||
		!slices.Equal(tags(t, r), []string{"v1.0.0"}) {
		t.Errorf("the dry run changed the repository")
	}
	for _, dir := range []string{repo, filepath.Join(r.Dir, "dist")} {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("the dry run created %s", dir)
		}
	}

	// The release.
	code, out, errOut = runReleaseIn(t, r.Dir, "--to", repo)
	if code != 0 || out != "1.1.0\n" {
		t.Fatalf("release = %d, %q; stderr:\n%s", code, out, errOut)
	}
	if got := tags(t, r); !slices.Equal(got, []string{"v1.0.0", "v1.1.0"}) {
		t.Errorf("tags = %q, want v1.0.0 and v1.1.0", got)
	}
	after, _ = os.ReadFile(manifest)
	if !strings.Contains(string(after), `"version": "1.1.0"`) {
		t.Errorf("composer.json:\n%s", after)
	}
	log, _ := os.ReadFile(filepath.Join(r.Dir, "CHANGELOG.md"))
	if !strings.Contains(string(log), "## [1.1.0]") ||
		!strings.Contains(string(log), "export orders") {
		t.Errorf("CHANGELOG.md:\n%s", log)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "dist", "acme-module-fixture-1.1.0.zip")); err != nil {
		t.Error(err)
	}

	// A second run finds nothing to release.
	code, out, errOut = runReleaseIn(t, r.Dir, "--to", repo)
	if code != 0 || out != "" || !strings.Contains(errOut, "nothing to release") {
		t.Errorf("second release = %d, %q, %q", code, out, errOut)
	}
	if got := tags(t, r); len(got) != 2 {
		t.Errorf("after the second release, tags = %q", got)
	}

	// Composer installs the release from the repository.
	composertest.Need(t)
	project := composertest.NewProject(t, "file://"+repo)
	composertest.Run(t, project, nil,
		"require", composertest.Fixture+":^1.1", "--no-interaction")
	if v := installedVersion(t, project); v != "1.1.0" {
		t.Errorf("installed %s, want 1.1.0", v)
	}
}

// TestReleasePublishFails undoes the commit, the tag and the files when
// the repository cannot be written.
func TestReleasePublishFails(t *testing.T) {
	r := fixtureRepo(t)
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(r.Dir, "composer.json")
	before, _ := os.ReadFile(manifest)
	head := r.Head()

	code, _, errOut := runReleaseIn(t, r.Dir, "--to", filepath.Join(file, "repo"))
	if code != 1 || !strings.Contains(errOut, "restored the work tree") {
		t.Fatalf("release = %d; stderr:\n%s", code, errOut)
	}
	after, _ := os.ReadFile(manifest)
	if !bytes.Equal(before, after) || r.Head() != head ||
		!slices.Equal(tags(t, r), []string{"v1.0.0"}) {
		t.Errorf("the failed release left changes; stderr:\n%s", errOut)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "CHANGELOG.md")); err == nil {
		t.Errorf("the failed release left CHANGELOG.md")
	}
}

// TestReleaseMonorepo releases each component from its own commits
// under its own tag prefix.
func TestReleaseMonorepo(t *testing.T) {
	r := gittest.New(t)
	addFixture(t, r, "fixture", "Fixture")
	addFixture(t, r, "other", "Other")
	repo := filepath.Join(t.TempDir(), "repo")

	code, out, errOut := runReleaseIn(t, r.Dir, "--to", repo)
	if code != 0 || out != "Acme_Fixture 0.1.0\nAcme_Other 0.1.0\n" {
		t.Fatalf("release = %d, %q; stderr:\n%s", code, out, errOut)
	}
	want := []string{"module-fixture/v0.1.0", "module-other/v0.1.0"}
	if got := tags(t, r); !slices.Equal(got, want) {
		t.Errorf("tags = %q, want %q", got, want)
	}

	// A fix to one component releases that one alone. It is committed
	// after the release commits, which carry the clock's time.
	r.When = time.Now()
	r.Commit("fix: round totals", "other/Model/Total.php")
	code, out, errOut = runReleaseIn(t, r.Dir, "--to", repo)
	if code != 0 || out != "Acme_Other 0.1.1\n" {
		t.Fatalf("second release = %d, %q; stderr:\n%s", code, out, errOut)
	}
	want = append(want, "module-other/v0.1.1")
	if got := tags(t, r); !slices.Equal(got, want) {
		t.Errorf("tags = %q, want %q", got, want)
	}
}

// TestReleaseSummaries checks --format json and the GitHub Actions
// output files.
func TestReleaseSummaries(t *testing.T) {
	r := fixtureRepo(t)
	repo := filepath.Join(t.TempDir(), "repo")
	gh := t.TempDir()
	t.Setenv("GITHUB_OUTPUT", filepath.Join(gh, "output"))
	t.Setenv("GITHUB_STEP_SUMMARY", filepath.Join(gh, "summary"))

	code, out, errOut := runReleaseIn(t, r.Dir, "--to", repo, "--format", "json")
	if code != 0 {
		t.Fatalf("release = %d; stderr:\n%s", code, errOut)
	}
	var got []releaseSummary
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	zip := filepath.Join(r.Dir, "dist", "acme-module-fixture-1.1.0.zip")
	if len(got) != 1 || got[0].Component != "Acme_Fixture" || got[0].Previous != "1.0.0" ||
		got[0].Version != "1.1.0" || got[0].Tag != "v1.1.0" || got[0].Zip != zip ||
		len(got[0].SHA256) != 64 || len(got[0].Targets) != 1 ||
		!strings.HasSuffix(got[0].Targets[0], "/acme-module-fixture-1.1.0.zip") {
		t.Errorf("summary = %+v", got)
	}

	output, _ := os.ReadFile(filepath.Join(gh, "output"))
	wantOutput := "version=1.1.0\ntag=v1.1.0\nzip=" + zip + "\nsha256=" + got[0].SHA256 + "\n"
	if string(output) != wantOutput {
		t.Errorf("GITHUB_OUTPUT = %q, want %q", output, wantOutput)
	}
	summary, _ := os.ReadFile(filepath.Join(gh, "summary"))
	if !strings.Contains(string(summary), "| Acme_Fixture | 1.0.0 | 1.1.0 | `v1.1.0` |") {
		t.Errorf("GITHUB_STEP_SUMMARY:\n%s", summary)
	}
}
