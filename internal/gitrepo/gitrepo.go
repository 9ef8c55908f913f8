// Package gitrepo is modpack's view of a git repository: version tags,
// the commits since a release, and the commit and tag of a new release.
// It uses go-git, so no git binary is needed, and keeps go-git's types
// out of the rest of modpack.
package gitrepo

import (
	"container/heap"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// ErrShallow is returned when history is needed from a shallow clone,
// whose missing commits would give a wrong answer.
var ErrShallow = errors.New("the repository is a shallow clone, so its history is incomplete; " +
	"fetch all of it with `git fetch --unshallow --tags` " +
	"(in GitHub Actions, set fetch-depth: 0 on actions/checkout)")

// A Repo is an open git repository with a work tree.
type Repo struct {
	repo *git.Repository
	root string // the work tree's root directory

	// commits caches decoded commits: finding the tags on HEAD's history
	// and then the commits since one of them walk the same stretch.
	commits map[plumbing.Hash]*object.Commit
}

// Open opens the repository that holds dir, looking in dir's parents
// as git does.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s is not in a git repository", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open git repository at %s: %w", dir, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, fmt.Errorf("%s: a bare repository has no work tree to release from", dir)
	}

	// Reopen the object store keeping pack files open: walking history
	// otherwise reopens a pack for every commit it reads.
	if fsStore, ok := repo.Storer.(*filesystem.Storage); ok {
		store := filesystem.NewStorageWithOptions(fsStore.Filesystem(),
			cache.NewObjectLRUDefault(), filesystem.Options{KeepDescriptors: true})
		if reopened, err := git.Open(store, wt.Filesystem); err == nil {
			repo = reopened
		}
	}
	return &Repo{repo: repo, root: wt.Filesystem.Root(), commits: map[plumbing.Hash]*object.Commit{}}, nil
}

// Root returns the directory at the top of the work tree.
func (r *Repo) Root() string { return r.root }

// CheckComplete returns ErrShallow for a shallow clone.
func (r *Repo) CheckComplete() error {
	shallow, err := r.repo.Storer.Shallow()
	if err != nil {
		return err
	}
	if len(shallow) > 0 {
		return ErrShallow
	}
	return nil
}

// Head returns the commit HEAD points at.
func (r *Repo) Head() (string, error) {
	ref, err := r.repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "", errors.New("the repository has no commits yet")
	}
	if err != nil {
		return "", err
	}
	return ref.Hash().String(), nil
}

// A Tag is a tag and the commit it points at.
type Tag struct {
	Name   string
	Commit string
}

// TagsOnHistory returns the tags whose names start with prefix and whose
// commits HEAD can reach, lightweight and annotated alike.
func (r *Repo) TagsOnHistory(prefix string) ([]Tag, error) {
	head, err := r.Head()
	if err != nil {
		return nil, err
	}
	refs, err := r.repo.Tags()
	if err != nil {
		return nil, err
	}

	var candidates []Tag
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		name := ref.Name().Short()
		if !strings.HasPrefix(name, prefix) {
			return nil
		}
		commit, err := r.peel(ref.Hash())
		if err != nil {
			return nil // a tag of a tree or blob names no release
		}
		candidates = append(candidates, Tag{Name: name, Commit: commit.String()})
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Keep the tags on HEAD's history: those whose commit is an ancestor.
	var tips []plumbing.Hash
	for _, t := range candidates {
		tips = append(tips, plumbing.NewHash(t.Commit))
	}
	reachable, err := r.reachable(plumbing.NewHash(head), tips)
	if err != nil {
		return nil, err
	}
	var out []Tag
	for _, t := range candidates {
		if reachable[plumbing.NewHash(t.Commit)] {
			out = append(out, t)
		}
	}
	return out, nil
}

// peel returns the commit an annotated or lightweight tag points at.
func (r *Repo) peel(h plumbing.Hash) (plumbing.Hash, error) {
	for range 10 {
		tag, err := r.repo.TagObject(h)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			break // a lightweight tag names the commit itself
		}
		if err != nil {
			return plumbing.ZeroHash, err
		}
		h = tag.Target
	}
	if _, err := r.repo.CommitObject(h); err != nil {
		return plumbing.ZeroHash, err
	}
	return h, nil
}

// reachable reports which of targets are ancestors of from (or from
// itself), walking newest first and stopping once every target is found
// or older than anything left to walk.
func (r *Repo) reachable(from plumbing.Hash, targets []plumbing.Hash) (map[plumbing.Hash]bool, error) {
	found := map[plumbing.Hash]bool{}
	want := map[plumbing.Hash]bool{}
	for _, t := range targets {
		want[t] = true
	}
	if len(want) == 0 {
		return found, nil
	}

	var oldest time.Time
	for t := range want {
		c, err := r.commit(t)
		if err != nil {
			return nil, err
		}
		if oldest.IsZero() || c.Committer.When.Before(oldest) {
			oldest = c.Committer.When
		}
	}

	w := newWalk(r)
	if err := w.push(from, interesting); err != nil {
		return nil, err
	}
	for w.Len() > 0 && len(found) < len(want) {
		c, _ := w.pop()
		if want[c.Hash] {
			found[c.Hash] = true
		}
		if err := w.pushParents(c, interesting); err != nil {
			return nil, err
		}

		// Give up once everything left to walk is older than the oldest
		// target by more than the slop: the newest of it comes next. A
		// commit older than its parent cannot end the walk early.
		if w.Len() > 0 && w.queue.commits[0].Committer.When.Before(oldest.Add(-slop)) {
			break
		}
	}
	return found, nil
}

// A Commit is a commit's identity and message.
type Commit struct {
	Hash    string
	Message string
	Parents int
	When    time.Time
}

// Log returns the commits HEAD can reach and none of stops can, newest
// first, each once; merged branches are included. With path set, only
// commits that change something under path (slash-separated, relative to
// the root) are returned.
func (r *Repo) Log(stops []string, path string) ([]Commit, error) {
	head, err := r.Head()
	if err != nil {
		return nil, err
	}
	path = strings.Trim(filepath.ToSlash(path), "/")
	if path == "." {
		path = ""
	}

	w := newWalk(r)
	if err := w.push(plumbing.NewHash(head), interesting); err != nil {
		return nil, err
	}
	for _, s := range stops {
		if err := w.push(plumbing.NewHash(s), uninteresting); err != nil {
			return nil, err
		}
	}

	var out []Commit
	oldest := time.Now().Add(100 * 365 * 24 * time.Hour)
	for !w.done(oldest) {
		c, mark := w.pop()
		if err := w.pushParents(c, mark); err != nil {
			return nil, err
		}
		if mark == uninteresting {
			continue
		}
		if c.Committer.When.Before(oldest) {
			oldest = c.Committer.When
		}
		if path != "" {
			touches, err := touchesPath(c, path)
			if err != nil {
				return nil, err
			}
			if !touches {
				continue
			}
		}
		out = append(out, Commit{
			Hash:    c.Hash.String(),
			Message: c.Message,
			Parents: c.NumParents(),
			When:    c.Committer.When,
		})
	}

	// A commit popped as wanted may turn out reachable from a stop later,
	// through clock skew; drop those.
	kept := out[:0]
	for _, c := range out {
		if w.marks[plumbing.NewHash(c.Hash)] == interesting {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// touchesPath reports whether commit c changes anything under path
// compared with its first parent. A root commit touches what it adds.
func touchesPath(c *object.Commit, path string) (bool, error) {
	here, err := pathHash(c, path)
	if err != nil {
		return false, err
	}
	if c.NumParents() == 0 {
		return !here.IsZero(), nil
	}
	parent, err := c.Parent(0)
	if err != nil {
		return false, err
	}
	there, err := pathHash(parent, path)
	if err != nil {
		return false, err
	}
	return here != there, nil
}

// pathHash returns the hash of the tree or blob at path in c, or the
// zero hash when there is none.
func pathHash(c *object.Commit, path string) (plumbing.Hash, error) {
	tree, err := c.Tree()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	entry, err := tree.FindEntry(path)
	if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return entry.Hash, nil
}

// commit returns the commit h, decoding it once.
func (r *Repo) commit(h plumbing.Hash) (*object.Commit, error) {
	if c, ok := r.commits[h]; ok {
		return c, nil
	}
	c, err := r.repo.CommitObject(h)
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", h, err)
	}
	r.commits[h] = c
	return c, nil
}

// Marks of the history walk.
const (
	interesting   = 1
	uninteresting = 2
)

// slop is how far past the oldest wanted commit the walk goes on
// looking for uninteresting ancestors, since commit clocks skew.
const slop = 24 * time.Hour

// A walk visits commits newest first, carrying a mark from the commit
// it started at, as git rev-list does for HEAD ^TAG. A commit reachable
// from an uninteresting start is uninteresting, whichever way it was
// reached first.
type walk struct {
	repo   *Repo
	queue  commitQueue
	marks  map[plumbing.Hash]int
	wanted int // interesting commits in the queue
}

func newWalk(repo *Repo) *walk {
	w := &walk{repo: repo, marks: map[plumbing.Hash]int{}}
	w.queue.marks = w.marks
	return w
}

func (w *walk) Len() int { return len(w.queue.commits) }

// push adds commit h with mark, or upgrades its mark to uninteresting
// and walks it again so that its ancestors learn it too.
func (w *walk) push(h plumbing.Hash, mark int) error {
	old, seen := w.marks[h]
	if seen && (old == uninteresting || mark == interesting) {
		return nil
	}
	w.marks[h] = mark
	for i, qc := range w.queue.commits {
		if qc.Hash == h {
			w.wanted--
			heap.Fix(&w.queue, i)
			return nil
		}
	}

	c, err := w.repo.commit(h)
	if err != nil {
		return err
	}
	if mark == interesting {
		w.wanted++
	}
	heap.Push(&w.queue, c)
	return nil
}

func (w *walk) pushParents(c *object.Commit, mark int) error {
	for _, p := range c.ParentHashes {
		if err := w.push(p, mark); err != nil {
			return err
		}
	}
	return nil
}

func (w *walk) pop() (*object.Commit, int) {
	c := heap.Pop(&w.queue).(*object.Commit)
	mark := w.marks[c.Hash]
	if mark == interesting {
		w.wanted--
	}
	return c, mark
}

// done reports whether nothing left to walk can change the outcome:
// only uninteresting commits remain, all older than oldest by more than
// the slop.
func (w *walk) done(oldest time.Time) bool {
	if w.Len() == 0 {
		return true
	}
	return w.wanted == 0 && w.queue.commits[0].Committer.When.Before(oldest.Add(-slop))
}

// commitQueue is a heap of commits, newest committer time first, and
// uninteresting first among commits of the same time, so that marks
// spread before the commits they exclude are taken.
type commitQueue struct {
	commits []*object.Commit
	marks   map[plumbing.Hash]int
}

func (q commitQueue) Len() int { return len(q.commits) }

func (q commitQueue) Less(i, j int) bool {
	a, b := q.commits[i], q.commits[j]
	if !a.Committer.When.Equal(b.Committer.When) {
		return a.Committer.When.After(b.Committer.When)
	}
	return q.marks[a.Hash] > q.marks[b.Hash]
}

func (q commitQueue) Swap(i, j int) { q.commits[i], q.commits[j] = q.commits[j], q.commits[i] }
func (q *commitQueue) Push(x any)   { q.commits = append(q.commits, x.(*object.Commit)) }

func (q *commitQueue) Pop() any {
	c := q.commits[len(q.commits)-1]
	q.commits = q.commits[:len(q.commits)-1]
	return c
}

// HeadTime returns the committer time of the commit HEAD points at.
func (r *Repo) HeadTime() (time.Time, error) {
	head, err := r.Head()
	if err != nil {
		return time.Time{}, err
	}
	c, err := r.commit(plumbing.NewHash(head))
	if err != nil {
		return time.Time{}, err
	}
	return c.Committer.When, nil
}
