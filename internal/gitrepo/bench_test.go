package gitrepo

import (
	"fmt"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"
)

// BenchmarkLog reads the commits since a tag 10,000 commits back in a
// history of 100,000, the question "modpack version next" asks. The
// history is written straight into the object store, which takes a few
// seconds and is not timed.
func BenchmarkLog(b *testing.B) {
	const total, sinceTag = 100_000, 10_000
	dir := b.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		b.Fatal(err)
	}
	tagged := writeLinearHistory(b, repo.Storer, total, total-sinceTag)
	r, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}

	b.ResetTimer()
	for b.Loop() {
		commits, err := r.Log([]string{tagged}, "")
		if err != nil {
			b.Fatal(err)
		}
		if len(commits) != sinceTag {
			b.Fatalf("Log = %d commits, want %d", len(commits), sinceTag)
		}
	}
	b.ReportMetric(sinceTag, "commits/op")
}

// writeLinearHistory stores n commits of one empty tree on master, the
// oldest first, and returns the hash of commit number mark.
func writeLinearHistory(b *testing.B, s storage.Storer, n, mark int) string {
	b.Helper()
	tree := &object.Tree{}
	treeObj := s.NewEncodedObject()
	if err := tree.Encode(treeObj); err != nil {
		b.Fatal(err)
	}
	treeHash, err := s.SetEncodedObject(treeObj)
	if err != nil {
		b.Fatal(err)
	}

	start := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	var parent plumbing.Hash
	var marked string
	for i := range n {
		sig := object.Signature{Name: "Dev", Email: "dev@acme.example", When: start.Add(time.Duration(i) * time.Minute)}
		c := &object.Commit{
			Author:    sig,
			Committer: sig,
			Message:   fmt.Sprintf("%s: change %d\n", []string{"fix", "feat", "docs"}[i%3], i),
			TreeHash:  treeHash,
		}
		if !parent.IsZero() {
			c.ParentHashes = []plumbing.Hash{parent}
		}
		obj := s.NewEncodedObject()
		if err := c.Encode(obj); err != nil {
			b.Fatal(err)
		}
		if parent, err = s.SetEncodedObject(obj); err != nil {
			b.Fatal(err)
		}
		if i == mark-1 {
			marked = parent.String()
		}
	}
	ref := plumbing.NewHashReference(plumbing.NewBranchReferenceName("master"), parent)
	if err := s.SetReference(ref); err != nil {
		b.Fatal(err)
	}
	return marked
}
