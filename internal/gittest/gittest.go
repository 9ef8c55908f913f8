// Package gittest builds git repositories for tests with go-git, with
// fixed commit times so that tests do not depend on the clock.
package gittest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// A Repo is a repository in a test's temporary directory.
type Repo struct {
	T    testing.TB
	Dir  string
	Git  *git.Repository
	When time.Time // the time of the last commit or tag
}

// New creates an empty repository with a work tree.
func New(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{T: t, Dir: dir, Git: repo, When: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// Signature returns a signature a minute after the previous one.
func (r *Repo) Signature() *object.Signature {
	r.When = r.When.Add(time.Minute)
	return &object.Signature{Name: "Dev", Email: "dev@acme.example", When: r.When}
}

// Write sets the content of file, relative to the work tree, without
// committing it.
func (r *Repo) Write(file, content string) {
	r.T.Helper()
	name := filepath.Join(r.Dir, filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		r.T.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		r.T.Fatal(err)
	}
}

// Commit appends message to file and commits it with message, returning
// the commit's hash.
func (r *Repo) Commit(message, file string) string {
	r.T.Helper()
	name := filepath.Join(r.Dir, filepath.FromSlash(file))
	old, _ := os.ReadFile(name)
	r.Write(file, string(old)+message+"\n")
	return r.CommitFiles(message, file)
}

// CommitFiles commits the files as they are in the work tree.
func (r *Repo) CommitFiles(message string, files ...string) string {
	r.T.Helper()
	wt, err := r.Git.Worktree()
	if err != nil {
		r.T.Fatal(err)
	}
	for _, f := range files {
		if _, err := wt.Add(f); err != nil {
			r.T.Fatal(err)
		}
	}
	h, err := wt.Commit(message, &git.CommitOptions{Author: r.Signature()})
	if err != nil {
		r.T.Fatal(err)
	}
	return h.String()
}

// Tag creates a lightweight tag.
func (r *Repo) Tag(name, commit string) {
	r.T.Helper()
	ref := plumbing.NewHashReference(plumbing.NewTagReferenceName(name), plumbing.NewHash(commit))
	if err := r.Git.Storer.SetReference(ref); err != nil {
		r.T.Fatal(err)
	}
}

// AnnotatedTag creates an annotated tag.
func (r *Repo) AnnotatedTag(name, commit string) {
	r.T.Helper()
	_, err := r.Git.CreateTag(name, plumbing.NewHash(commit),
		&git.CreateTagOptions{Tagger: r.Signature(), Message: "Release " + name})
	if err != nil {
		r.T.Fatal(err)
	}
}

// Checkout switches to branch, creating it at HEAD when create is set.
func (r *Repo) Checkout(branch string, create bool) {
	r.T.Helper()
	wt, _ := r.Git.Worktree()
	err := wt.Checkout(&git.CheckoutOptions{
		Branch: plumbing.NewBranchReferenceName(branch),
		Create: create,
	})
	if err != nil {
		r.T.Fatal(err)
	}
}

// Merge records a merge commit of branch into the current branch. The
// merge keeps the current tree: tests need the shape of the history,
// not merged content.
func (r *Repo) Merge(branch string) string {
	r.T.Helper()
	head, _ := r.Git.Head()
	other, err := r.Git.Reference(plumbing.NewBranchReferenceName(branch), true)
	if err != nil {
		r.T.Fatal(err)
	}
	wt, _ := r.Git.Worktree()
	h, err := wt.Commit("Merge branch '"+branch+"'", &git.CommitOptions{
		Author:            r.Signature(),
		Parents:           []plumbing.Hash{head.Hash(), other.Hash()},
		AllowEmptyCommits: true,
	})
	if err != nil {
		r.T.Fatal(err)
	}
	return h.String()
}

// Head returns the hash HEAD points at.
func (r *Repo) Head() string {
	r.T.Helper()
	ref, err := r.Git.Head()
	if err != nil {
		r.T.Fatal(err)
	}
	return ref.Hash().String()
}
