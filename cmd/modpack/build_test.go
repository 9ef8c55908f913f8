package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modpack/modpack/internal/gittest"
	"github.com/modpack/modpack/pack"
)

// sampleRepo commits the sample module, tags it v1.0.0 and adds a feat:
// commit, so that git history alone decides the version and the time.
func sampleRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	r := gittest.New(t)
	if err := os.CopyFS(r.Dir, os.DirFS("../../testdata/sample/order-export")); err != nil {
		t.Fatal(err)
	}
	var files []string
	err := filepath.WalkDir(r.Dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(r.Dir, p)
		if !strings.HasPrefix(rel, ".git"+string(filepath.Separator)) {
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.AnnotatedTag("v1.0.0", r.CommitFiles("feat: first", files...))
	r.Commit("feat: export refunds", "Model/OrderFeed.php")
	return r
}

// entryTimes returns the distinct modification times in the zip at path.
func entryTimes(t *testing.T, path string) map[time.Time]bool {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	times := map[time.Time]bool{}
	for _, f := range zr.File {
		times[f.Modified.UTC()] = true
	}
	return times
}

// TestBuildFromGit builds a module whose composer.json names no version:
// the version is the one git history gives, and every entry carries the
// HEAD commit's time unless SOURCE_DATE_EPOCH says otherwise.
func TestBuildFromGit(t *testing.T) {
	r := sampleRepo(t)
	head := r.When.UTC().Truncate(2 * time.Second)
	t.Setenv("SOURCE_DATE_EPOCH", "")

	out := t.TempDir()
	code, stdout, stderr := runIn(t, r.Dir, "build", "-o", out, ".")
	want := filepath.Join(out, "acme-module-order-export-1.1.0.zip")
	if code != 0 || stdout != want+"\n" {
		t.Fatalf("build = %d, %q (stderr %q); want %s", code, stdout, stderr, want)
	}
	if got := entryTimes(t, want); len(got) != 1 || !got[head] {
		t.Errorf("entry times %v, want only the HEAD commit's %v", got, head)
	}

	epoch := time.Date(2024, 5, 6, 7, 8, 10, 0, time.UTC)
	t.Setenv("SOURCE_DATE_EPOCH", "1714979290")
	out = t.TempDir()
	if code, _, stderr := runIn(t, r.Dir, "build", "-o", out, "."); code != 0 {
		t.Fatalf("build with SOURCE_DATE_EPOCH = %d, %s", code, stderr)
	}
	got := entryTimes(t, filepath.Join(out, filepath.Base(want)))
	if len(got) != 1 || !got[epoch] {
		t.Errorf("entry times %v, want only SOURCE_DATE_EPOCH's %v", got, epoch)
	}
}

// TestBuildOutsideGit gives every entry the fixed default time when
// there is neither SOURCE_DATE_EPOCH nor a repository.
func TestBuildOutsideGit(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../testdata/sample/order-export")); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, stdout, stderr := runIn(t, dir, "build", "--version", "1.0.0", "-o", out, ".")
	if code != 0 {
		t.Fatalf("build = %d, %s", code, stderr)
	}
	got := entryTimes(t, strings.TrimSpace(stdout))
	if len(got) != 1 || !got[pack.DefaultTime] {
		t.Errorf("entry times %v, want only %v", got, pack.DefaultTime)
	}
}

// TestBuildFromGitSettings takes the version policy of .modpack.yml, as
// "modpack version next" does.
func TestBuildFromGitSettings(t *testing.T) {
	r := sampleRepo(t)
	r.Write(".modpack.yml", "version:\n  patch_types: [fix, perf, docs]\n")
	r.CommitFiles("docs: explain the feed", ".modpack.yml")
	r.AnnotatedTag("v1.1.0", r.Head())
	r.Commit("docs: more", "README.md")

	code, next, stderr := runIn(t, r.Dir, "version", "next")
	if code != 0 || next != "1.1.1\n" {
		t.Fatalf("version next = %d, %q (stderr %q); want 1.1.1", code, next, stderr)
	}
	out := t.TempDir()
	code, stdout, stderr := runIn(t, r.Dir, "build", "-o", out, ".")
	want := filepath.Join(out, "acme-module-order-export-1.1.1.zip")
	if code != 0 || stdout != want+"\n" {
		t.Errorf("build = %d, %q (stderr %q); want %s", code, stdout, stderr, want)
	}
}
