package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
	"github.com/modpack/modpack/internal/gittest"
)

// runIn runs modpack with args in dir and returns its exit code and
// output.
func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

const composerJSON = `{
    "name": "acme/module-shop",
    "description": "Shop.",
    "type": "magento2-module",
    "license": "proprietary"
}
`

// released builds a module repository tagged v1.2.3, followed by the
// given commits.
func released(t *testing.T, commits ...string) *gittest.Repo {
	r := gittest.New(t)
	r.Write("composer.json", composerJSON)
	r.AnnotatedTag("v1.2.3", r.CommitFiles("feat: first", "composer.json"))
	for _, c := range commits {
		r.Commit(c, "src.txt")
	}
	return r
}

func TestVersionNext(t *testing.T) {
	tests := []struct {
		commits []string
		args    []string
		want    string
	}{
		{[]string{"fix: a", "feat: b", "feat!: c"}, nil, "2.0.0"},
		{[]string{"fix: a"}, nil, "1.2.4"},
		{[]string{"feat: b"}, nil, "1.3.0"},
		{[]string{"docs: only words"}, nil, "1.2.3"},
		{[]string{"fix: a"}, []string{"--bump", "major"}, "2.0.0"},
		{[]string{"feat: b"}, []string{"--pre", "rc"}, "1.3.0-rc.1"},
		{[]string{"fix: a"}, []string{"--release-as", "1.5.0"}, "1.5.0"},
	}
	for _, tt := range tests {
		r := released(t, tt.commits...)
		code, out, errOut := runIn(t, r.Dir, append([]string{"version", "next"}, tt.args...)...)
		if code != 0 || out != tt.want+"\n" {
			t.Errorf("version next %q after %q = %d, %q (stderr %q); want %q",
				tt.args, tt.commits, code, out, errOut, tt.want)
		}
	}

	// Nothing releasable: the current version, a note, and success.
	r := released(t, "chore: tidy")
	code, out, errOut := runIn(t, r.Dir, "version", "next")
	if code != 0 || out != "1.2.3\n" || !strings.Contains(errOut, "nothing releasable since 1.2.3") {
		t.Errorf("version next with nothing to release = %d, %q, %q", code, out, errOut)
	}
}

// TestVersionNextBareTag counts a tag without the default "v" prefix,
// lightweight here, as a version.
func TestVersionNextBareTag(t *testing.T) {
	r := gittest.New(t)
	r.Write("composer.json", composerJSON)
	r.Tag("1.2.3", r.CommitFiles("feat: first", "composer.json"))
	r.Commit("fix: a", "src.txt")
	code, out, errOut := runIn(t, r.Dir, "version", "next")
	if code != 0 || out != "1.2.4\n" {
		t.Errorf("version next after bare tag 1.2.3 = %d, %q (stderr %q); "+
			"want 1.2.4", code, out, errOut)
	}
}

// TestBump is the release a maintainer expects: one new commit, whose
// composer.json says 2.0.0, tagged v2.0.0, and a clean tree.
func TestBump(t *testing.T) {
	r := released(t, "fix: a", "feat: b", "feat!: c")
	before := r.Head()

	code, out, errOut := runIn(t, r.Dir, "bump")
	if code != 0 || out != "2.0.0\n" {
		t.Fatalf("bump = %d, %q; stderr:\n%s", code, out, errOut)
	}

	head, _ := r.Git.Head()
	commit, _ := r.Git.CommitObject(head.Hash())
	if commit.NumParents() != 1 || commit.ParentHashes[0].String() != before {
		t.Errorf("the release commit's parent is %v, want the previous HEAD %s", commit.ParentHashes, before)
	}
	if commit.Message != "chore(release): 2.0.0" {
		t.Errorf("release commit message = %q", commit.Message)
	}
	tag, err := r.Git.Tag("v2.0.0")
	if err != nil {
		t.Fatal(err)
	}
	tagObj, err := r.Git.TagObject(tag.Hash())
	if err != nil || tagObj.Target != head.Hash() {
		t.Errorf("v2.0.0 is %v (%v); want an annotated tag of the release commit", tagObj, err)
	}

	file, _ := commit.File("composer.json")
	content, _ := file.Contents()
	if !strings.Contains(content, `"version": "2.0.0"`) {
		t.Errorf("composer.json in the release commit:\n%s", content)
	}
	log, _ := commit.File("CHANGELOG.md")
	text, _ := log.Contents()
	for _, want := range []string{"## [2.0.0]", "BREAKING CHANGES", "- c (", "- b (", "- a ("} {
		if !strings.Contains(text, want) {
			t.Errorf("CHANGELOG.md lacks %q:\n%s", want, text)
		}
	}
	wt, _ := r.Git.Worktree()
	if st, _ := wt.Status(); !st.IsClean() {
		t.Errorf("the tree is not clean after bump:\n%s", st)
	}

	// The next run has nothing to release: the release commit is a chore.
	code, out, _ = runIn(t, r.Dir, "bump")
	if code != 0 || out != "2.0.0\n" || r.Head() != head.Hash().String() {
		t.Errorf("second bump = %d, %q; want 2.0.0 and no new commit", code, out)
	}
}

// TestBumpRestores checks that a failed release leaves everything as it
// was: here the push fails, after the commit and the tag.
func TestBumpRestores(t *testing.T) {
	r := released(t, "feat: b")
	before := r.Head()
	if _, err := r.Git.CreateRemote(&config.RemoteConfig{
		Name: "origin",
		URLs: []string{"file://" + filepath.Join(t.TempDir(), "missing")},
	}); err != nil {
		t.Fatal(err)
	}
	client.InstallProtocol("file", server.DefaultServer)

	code, out, errOut := runIn(t, r.Dir, "bump", "--push")
	if code != 1 || out != "" {
		t.Errorf("bump --push to a missing remote = %d, %q; want 1 and no result", code, out)
	}
	if !strings.Contains(errOut, "push to origin") || !strings.Contains(errOut, "restored") {
		t.Errorf("stderr = %q, want the push error and the restore", errOut)
	}
	if r.Head() != before {
		t.Errorf("HEAD moved to %s, want %s", r.Head(), before)
	}
	if _, err := r.Git.Tag("v1.3.0"); err == nil {
		t.Error("tag v1.3.0 survived the failed release")
	}
	data, _ := os.ReadFile(filepath.Join(r.Dir, "composer.json"))
	if string(data) != composerJSON {
		t.Errorf("composer.json = %q, want it as before", data)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "CHANGELOG.md")); !os.IsNotExist(err) {
		t.Error("CHANGELOG.md survived the failed release")
	}
	wt, _ := r.Git.Worktree()
	if st, _ := wt.Status(); !st.IsClean() {
		t.Errorf("the tree is not clean after the failed release:\n%s", st)
	}
}

func TestBumpPush(t *testing.T) {
	client.InstallProtocol("file", server.DefaultServer)
	bare := t.TempDir()
	if _, err := git.PlainInit(bare, true); err != nil {
		t.Fatal(err)
	}
	r := released(t, "fix: a")
	if _, err := r.Git.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{"file://" + bare}}); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runIn(t, r.Dir, "bump", "--push"); code != 0 {
		t.Fatalf("bump --push = %d: %s", code, errOut)
	}
	remote, _ := git.PlainOpen(bare)
	if _, err := remote.Tag("v1.2.4"); err != nil {
		t.Errorf("the remote lacks v1.2.4: %v", err)
	}
	ref, err := remote.Reference(plumbing.NewBranchReferenceName("master"), true)
	if err != nil || ref.Hash().String() != r.Head() {
		t.Errorf("the remote's master = %v, %v; want %s", ref, err, r.Head())
	}
}

func TestBumpRefuses(t *testing.T) {
	// A dirty tree, unless --allow-dirty.
	r := released(t, "fix: a")
	r.Write("src.txt", "uncommitted")
	if code, _, errOut := runIn(t, r.Dir, "bump"); code != 1 || !strings.Contains(errOut, "uncommitted changes (src.txt)") {
		t.Errorf("bump on a dirty tree = %d, %q", code, errOut)
	}
	if code, out, errOut := runIn(t, r.Dir, "bump", "--allow-dirty"); code != 0 || out != "1.2.4\n" {
		t.Errorf("bump --allow-dirty = %d, %q, %q", code, out, errOut)
	}

	// A composer.json with changes of its own, even with --allow-dirty.
	r = released(t, "fix: a")
	r.Write("composer.json", composerJSON+" ")
	code, _, errOut := runIn(t, r.Dir, "bump", "--allow-dirty")
	if code != 1 || !strings.Contains(errOut, "composer.json has uncommitted changes") {
		t.Errorf("bump with composer.json dirty = %d, %q", code, errOut)
	}

	// A shallow clone, with the fix.
	r = released(t, "fix: a")
	os.WriteFile(filepath.Join(r.Dir, ".git", "shallow"), []byte(r.Head()+"\n"), 0o644)
	code, _, errOut = runIn(t, r.Dir, "version", "next")
	if code != 1 || !strings.Contains(errOut, "git fetch --unshallow --tags") || !strings.Contains(errOut, "fetch-depth: 0") {
		t.Errorf("version next in a shallow clone = %d, %q", code, errOut)
	}
}

func TestBumpDryRun(t *testing.T) {
	r := released(t, "feat: b")
	before := r.Head()
	code, out, errOut := runIn(t, r.Dir, "bump", "--dry-run")
	if code != 0 || out != "1.3.0\n" || !strings.Contains(errOut, "would tag v1.3.0") {
		t.Errorf("bump --dry-run = %d, %q, %q", code, out, errOut)
	}
	if r.Head() != before {
		t.Error("bump --dry-run made a commit")
	}
	if _, err := r.Git.Tag("v1.3.0"); err == nil {
		t.Error("bump --dry-run made a tag")
	}
	data, _ := os.ReadFile(filepath.Join(r.Dir, "composer.json"))
	if string(data) != composerJSON {
		t.Error("bump --dry-run changed composer.json")
	}
}

// TestBumpNoTagNoCommit stops a release short: --no-tag commits without
// a tag, and --no-commit writes the files and neither commits nor tags.
func TestBumpNoTagNoCommit(t *testing.T) {
	r := released(t, "feat: b")
	before := r.Head()
	code, out, errOut := runIn(t, r.Dir, "bump", "--no-tag")
	if code != 0 || out != "1.3.0\n" {
		t.Fatalf("bump --no-tag = %d, %q, %q", code, out, errOut)
	}
	if r.Head() == before {
		t.Error("bump --no-tag made no commit")
	}
	if _, err := r.Git.Tag("v1.3.0"); err == nil {
		t.Error("bump --no-tag made a tag")
	}

	r = released(t, "fix: a")
	before = r.Head()
	code, out, errOut = runIn(t, r.Dir, "bump", "--no-commit")
	if code != 0 || out != "1.2.4\n" {
		t.Fatalf("bump --no-commit = %d, %q, %q", code, out, errOut)
	}
	if r.Head() != before {
		t.Error("bump --no-commit made a commit")
	}
	if _, err := r.Git.Tag("v1.2.4"); err == nil {
		t.Error("bump --no-commit made a tag")
	}
	data, _ := os.ReadFile(filepath.Join(r.Dir, "composer.json"))
	if !strings.Contains(string(data), `"version": "1.2.4"`) {
		t.Errorf("bump --no-commit left composer.json as\n%s", data)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "CHANGELOG.md")); err != nil {
		t.Errorf("bump --no-commit wrote no CHANGELOG.md: %v", err)
	}
}

// TestBumpAuthor commits and tags as the author .modpack.yml names, or
// as --author says over it.
func TestBumpAuthor(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "Release Bot <release@acme.example>"},
		{[]string{"--author", "Ann Admin <ann@acme.example>"},
			"Ann Admin <ann@acme.example>"},
	}
	for _, tt := range tests {
		r := released(t)
		r.Write(".modpack.yml", "git:\n  author_name: Release Bot\n"+
			"  author_email: release@acme.example\n")
		r.CommitFiles("feat: settings", ".modpack.yml")
		code, out, errOut := runIn(t, r.Dir, append([]string{"bump"}, tt.args...)...)
		if code != 0 || out != "1.3.0\n" {
			t.Fatalf("bump %q = %d, %q, %q", tt.args, code, out, errOut)
		}
		head, _ := r.Git.Head()
		commit, _ := r.Git.CommitObject(head.Hash())
		tag, _ := r.Git.Tag("v1.3.0")
		tagObj, err := r.Git.TagObject(tag.Hash())
		if err != nil {
			t.Fatal(err)
		}
		for what, sig := range map[string]string{
			"author":    commit.Author.Name + " <" + commit.Author.Email + ">",
			"committer": commit.Committer.Name + " <" + commit.Committer.Email + ">",
			"tagger":    tagObj.Tagger.Name + " <" + tagObj.Tagger.Email + ">",
		} {
			if sig != tt.want {
				t.Errorf("bump %q: %s is %s, want %s", tt.args, what, sig, tt.want)
			}
		}
	}
}

// TestMonorepo versions two modules of one repository apart, each from
// the commits that touch it and its own tags.
func TestMonorepo(t *testing.T) {
	r := gittest.New(t)
	r.Write("payments/composer.json", composerJSON)
	r.Write("shipping/composer.json", composerJSON)
	first := r.CommitFiles("feat: both modules", "payments/composer.json", "shipping/composer.json")
	r.AnnotatedTag("payments/v1.0.0", first)
	r.AnnotatedTag("shipping/v2.0.0", first)
	r.Commit("feat: pay by card", "payments/card.php")
	r.Commit("fix: rates", "shipping/rates.php")

	code, out, errOut := runIn(t, r.Dir, "bump", "--path", "payments", "--tag-prefix", "payments/v", "payments")
	if code != 0 || out != "1.1.0\n" {
		t.Fatalf("bump payments = %d, %q, %q", code, out, errOut)
	}
	code, out, _ = runIn(t, r.Dir, "version", "next", "--path", "shipping", "--tag-prefix", "shipping/v", "shipping")
	if code != 0 || out != "2.0.1\n" {
		t.Errorf("version next shipping = %d, %q; want 2.0.1", code, out)
	}
	data, _ := os.ReadFile(filepath.Join(r.Dir, "payments", "composer.json"))
	if !strings.Contains(string(data), `"version": "1.1.0"`) {
		t.Errorf("payments/composer.json = %s", data)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "payments", "CHANGELOG.md")); err != nil {
		t.Errorf("payments/CHANGELOG.md: %v", err)
	}
}

// TestPrereleaseCycle runs rc.1, rc.2 and the final release.
func TestPrereleaseCycle(t *testing.T) {
	r := released(t, "feat: b")
	steps := []struct {
		commit string
		args   []string
		want   string
	}{
		{"", []string{"--pre", "rc"}, "1.3.0-rc.1"},
		{"fix: c", []string{"--pre", "rc"}, "1.3.0-rc.2"},
		{"", nil, "1.3.0"},
	}
	for _, s := range steps {
		if s.commit != "" {
			r.Commit(s.commit, "src.txt")
		}
		code, out, errOut := runIn(t, r.Dir, append([]string{"bump"}, s.args...)...)
		if code != 0 || out != s.want+"\n" {
			t.Fatalf("bump %q = %d, %q, %q; want %s", s.args, code, out, errOut, s.want)
		}
	}
}
