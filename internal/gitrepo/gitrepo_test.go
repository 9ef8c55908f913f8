package gitrepo

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/pktline"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
	"github.com/modpack/modpack/internal/gittest"
)

func open(t *testing.T, r *gittest.Repo) *Repo {
	t.Helper()
	repo, err := Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

func subjects(commits []Commit) []string {
	var out []string
	for _, c := range commits {
		out = append(out, strings.TrimSpace(c.Message))
	}
	return out
}

func TestTagsOnHistory(t *testing.T) {
	r := gittest.New(t)
	first := r.Commit("feat: one", "a.txt")
	r.Tag("v1.0.0", first)
	second := r.Commit("fix: two", "a.txt")
	r.AnnotatedTag("v1.0.1", second)
	r.AnnotatedTag("other/v9.0.0", second)

	r.Checkout("side", true)
	side := r.Commit("feat: side", "b.txt")
	r.AnnotatedTag("v2.0.0", side)
	r.Checkout("master", false)
	r.Commit("docs: three", "c.txt")

	tags, err := open(t, r).TagsOnHistory("v")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tag := range tags {
		names = append(names, tag.Name)
	}
	slices.Sort(names)
	if want := []string{"v1.0.0", "v1.0.1"}; !slices.Equal(names, want) {
		t.Errorf("TagsOnHistory(v) = %q, want %q (v2.0.0 is on an unmerged branch)", names, want)
	}
}

// TestLog checks the range HEAD ^TAG through a merge of a branch that
// forked before the tag: the branch's commits from before the tag are
// out, its later ones in, and every commit comes once.
func TestLog(t *testing.T) {
	r := gittest.New(t)
	r.Commit("feat: base", "a.txt")
	r.Checkout("feature", true)
	r.Commit("feat: early on the branch", "m/b.txt")
	r.Checkout("master", false)
	r.Merge("feature")
	tagged := r.Commit("fix: tagged", "a.txt")
	r.AnnotatedTag("v1.0.0", tagged)
	r.Checkout("feature", false)
	r.Commit("feat: late on the branch", "m/b.txt")
	r.Checkout("master", false)
	r.Commit("fix: after the tag", "a.txt")
	r.Merge("feature")

	repo := open(t, r)
	got, err := repo.Log([]string{tagged}, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Merge branch 'feature'", "fix: after the tag", "feat: late on the branch"}
	if !slices.Equal(subjects(got), want) {
		t.Errorf("Log(^v1.0.0) = %q, want %q", subjects(got), want)
	}
	if got[0].Parents != 2 {
		t.Errorf("merge commit has %d parents, want 2", got[0].Parents)
	}

	// Only commits that change m/ against their first parent: the test's
	// merges keep master's tree, so they change nothing there.
	got, err = repo.Log([]string{tagged}, "m")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"feat: late on the branch"}; !slices.Equal(subjects(got), want) {
		t.Errorf("Log(^v1.0.0, m) = %q, want %q", subjects(got), want)
	}

	// No stop: the whole history.
	got, _ = repo.Log(nil, "")
	if len(got) != 7 {
		t.Errorf("Log(all) = %d commits, want 7: %q", len(got), subjects(got))
	}
}

func TestShallow(t *testing.T) {
	r := gittest.New(t)
	h := r.Commit("feat: one", "a.txt")
	repo := open(t, r)
	if err := repo.CheckComplete(); err != nil {
		t.Errorf("CheckComplete of a full clone = %v", err)
	}

	// git marks a shallow clone with .git/shallow, listing the commits
	// whose parents are missing.
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "shallow"), []byte(h+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := open(t, r).CheckComplete(); !errors.Is(err, ErrShallow) {
		t.Errorf("CheckComplete of a shallow clone = %v, want ErrShallow", err)
	}
}

// TestReleaseAndRestore commits and tags a release, then restores the
// snapshot: the branch, the files, the index and the tags are as before.
func TestReleaseAndRestore(t *testing.T) {
	r := gittest.New(t)
	base := r.Commit("feat: one", "composer.json")
	repo := open(t, r)
	before, _ := os.ReadFile(filepath.Join(r.Dir, "composer.json"))

	snap, err := repo.Snapshot("composer.json", "CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(r.Dir, "composer.json"), []byte("{\"version\": \"1.0.0\"}\n"), 0o644)
	os.WriteFile(filepath.Join(r.Dir, "CHANGELOG.md"), []byte("# Changelog\n"), 0o644)
	sig := Signature{Name: "Release Bot", Email: "bot@acme.example", When: r.When.Add(time.Hour)}
	commit, err := snap.Commit("chore(release): 1.0.0", sig, "composer.json", "CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := snap.Tag("v1.0.0", commit, "Release 1.0.0", sig); err != nil {
		t.Fatal(err)
	}
	if err := snap.Tag("v1.0.0", commit, "again", sig); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("second Tag v1.0.0 = %v, want an error saying it exists", err)
	}
	if head, _ := repo.Head(); head != commit || !repo.HasTag("v1.0.0") {
		t.Fatalf("after the release HEAD = %s, tag %v; want %s and the tag", head, repo.HasTag("v1.0.0"), commit)
	}

	if err := snap.Restore(); err != nil {
		t.Fatal(err)
	}
	if head, _ := repo.Head(); head != base {
		t.Errorf("after Restore HEAD = %s, want %s", head, base)
	}
	if repo.HasTag("v1.0.0") {
		t.Error("after Restore the tag v1.0.0 still exists")
	}
	if data, _ := os.ReadFile(filepath.Join(r.Dir, "composer.json")); string(data) != string(before) {
		t.Errorf("composer.json = %q, want %q", data, before)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "CHANGELOG.md")); !os.IsNotExist(err) {
		t.Errorf("CHANGELOG.md survives Restore: %v", err)
	}
	if dirty, err := repo.Dirty(); err != nil || len(dirty) != 0 {
		t.Errorf("Dirty after Restore = %q, %v; want a clean tree", dirty, err)
	}
}

func TestDirty(t *testing.T) {
	r := gittest.New(t)
	r.Commit("feat: one", "a.txt")
	repo := open(t, r)
	os.WriteFile(filepath.Join(r.Dir, "untracked.txt"), []byte("x"), 0o644)
	if dirty, _ := repo.Dirty(); len(dirty) != 0 {
		t.Errorf("Dirty with only an untracked file = %q, want none", dirty)
	}
	os.WriteFile(filepath.Join(r.Dir, "a.txt"), []byte("changed"), 0o644)
	if dirty, _ := repo.Dirty(); !slices.Equal(dirty, []string{"a.txt"}) {
		t.Errorf("Dirty = %q, want [a.txt]", dirty)
	}
}

// TestPush pushes a release to a bare repository through go-git's
// in-process server.
func TestPush(t *testing.T) {
	client.InstallProtocol("file", server.DefaultServer)
	bare := t.TempDir()
	if _, err := git.PlainInit(bare, true); err != nil {
		t.Fatal(err)
	}

	r := gittest.New(t)
	h := r.Commit("feat: one", "a.txt")
	r.AnnotatedTag("v0.1.0", h)
	if _, err := r.Git.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{"file://" + bare}}); err != nil {
		t.Fatal(err)
	}
	if err := open(t, r).Push("origin", "", "v0.1.0"); err != nil {
		t.Fatal(err)
	}

	remote, _ := git.PlainOpen(bare)
	if _, err := remote.Tag("v0.1.0"); err != nil {
		t.Errorf("the remote has no tag v0.1.0: %v", err)
	}
	if ref, err := remote.Reference(plumbing.NewBranchReferenceName("master"), true); err != nil || ref.Hash().String() != h {
		t.Errorf("the remote's master = %v, %v; want %s", ref, err, h)
	}
}

func TestOpenOutsideRepository(t *testing.T) {
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("Open(no repo) = %v, want 'not in a git repository'", err)
	}
}

// TestTagsOnHistorySkewedClock finds a tag on a commit whose child has
// an older date, as commits made on a machine with a slow clock have.
func TestTagsOnHistorySkewedClock(t *testing.T) {
	r := gittest.New(t)
	r.When = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	tagged := r.Commit("feat: one", "a.txt")
	r.AnnotatedTag("v1.0.0", tagged)
	r.When = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.Commit("fix: made with a slow clock", "a.txt")

	tags, err := open(t, r).TagsOnHistory("v")
	if err != nil || len(tags) != 1 || tags[0].Name != "v1.0.0" {
		t.Errorf("TagsOnHistory = %v, %v; want v1.0.0", tags, err)
	}
}

// gitHTTP serves the bare repository at dir over git's smart HTTP
// protocol, for pushes only, to clients that send the password pass.
func gitHTTP(t *testing.T, dir, pass string) *httptest.Server {
	ep, err := transport.NewEndpoint("file://" + dir)
	if err != nil {
		t.Fatal(err)
	}
	h := func(w http.ResponseWriter, req *http.Request) {
		if _, p, ok := req.BasicAuth(); !ok || p != pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		s, err := server.DefaultServer.NewReceivePackSession(ep, nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer s.Close()
		switch {
		case strings.HasSuffix(req.URL.Path, "/info/refs"):
			ar, err := s.AdvertisedReferencesContext(req.Context())
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			ar.Prefix = [][]byte{
				[]byte("# service=git-receive-pack"), pktline.Flush,
			}
			w.Header().Set("Content-Type",
				"application/x-git-receive-pack-advertisement")
			ar.Encode(w)
		case strings.HasSuffix(req.URL.Path, "/git-receive-pack"):
			up := packp.NewReferenceUpdateRequest()
			if err := up.Decode(req.Body); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			status, err := s.ReceivePack(req.Context(), up)
			if status == nil {
				http.Error(w, fmt.Sprint(err), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type",
				"application/x-git-receive-pack-result")
			status.Encode(w)
		default:
			http.NotFound(w, req)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(h))
	t.Cleanup(srv.Close)
	return srv
}

// TestPushToken pushes over HTTP with the token as the password, as to
// a hosting service, and fails without it.
func TestPushToken(t *testing.T) {
	bare := t.TempDir()
	if _, err := git.PlainInit(bare, true); err != nil {
		t.Fatal(err)
	}
	srv := gitHTTP(t, bare, "s3cret")

	r := gittest.New(t)
	r.AnnotatedTag("v0.1.0", r.Commit("feat: one", "a.txt"))
	_, err := r.Git.CreateRemote(&config.RemoteConfig{
		Name: "origin", URLs: []string{srv.URL + "/acme/module.git"},
	})
	if err != nil {
		t.Fatal(err)
	}
	repo := open(t, r)
	if err := repo.Push("origin", "", "v0.1.0"); err == nil {
		t.Fatal("Push without a token succeeded against a server that wants one")
	}
	if err := repo.Push("origin", "s3cret", "v0.1.0"); err != nil {
		t.Fatalf("Push with the token: %v", err)
	}
	remote, _ := git.PlainOpen(bare)
	if _, err := remote.Tag("v0.1.0"); err != nil {
		t.Errorf("the remote has no tag v0.1.0: %v", err)
	}
}
