package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/plumbing/transport/ssh"
)

// A Signature names who made a commit or tag.
type Signature struct {
	Name  string
	Email string
	When  time.Time
}

func (s Signature) git() *object.Signature {
	return &object.Signature{Name: s.Name, Email: s.Email, When: s.When}
}

// DefaultSignature returns the identity git would use in dir's
// repository: GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, else user.name and
// user.email from the repository's, the user's or the system's
// configuration, else modpack's own.
func (r *Repo) DefaultSignature(now time.Time) Signature {
	s := Signature{Name: os.Getenv("GIT_AUTHOR_NAME"), Email: os.Getenv("GIT_AUTHOR_EMAIL"), When: now}
	if cfg, err := r.repo.ConfigScoped(config.SystemScope); err == nil {
		if s.Name == "" {
			s.Name = cfg.User.Name
		}
		if s.Email == "" {
			s.Email = cfg.User.Email
		}
	}
	if s.Name == "" {
		s.Name = "modpack"
	}
	if s.Email == "" {
		s.Email = "modpack@localhost"
	}
	return s
}

// Dirty returns the tracked files under the work tree that differ from
// HEAD, in the index or the work tree. Untracked files do not count:
// they are not part of any commit.
func (r *Repo) Dirty() ([]string, error) {
	wt, err := r.repo.Worktree()
	if err != nil {
		return nil, err
	}
	status, err := wt.Status()
	if err != nil {
		return nil, err
	}
	var dirty []string
	for file, s := range status {
		if s.Staging == git.Untracked && s.Worktree == git.Untracked {
			continue
		}
		if s.Staging != git.Unmodified || s.Worktree != git.Unmodified {
			dirty = append(dirty, file)
		}
	}
	return dirty, nil
}

// A Snapshot is the state of the branch, the index entries and the files
// a release is about to change, so that Restore can put them back.
type Snapshot struct {
	repo  *Repo
	head  *plumbing.Reference
	files map[string][]byte // nil content: the file did not exist
	tags  []string          // tags created since
}

// Snapshot records HEAD and the content of files (paths relative to the
// root) before they are changed.
func (r *Repo) Snapshot(files ...string) (*Snapshot, error) {
	head, err := r.repo.Head()
	if err != nil {
		return nil, err
	}
	s := &Snapshot{repo: r, head: head, files: map[string][]byte{}}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(f)))
		switch {
		case errors.Is(err, os.ErrNotExist):
			s.files[f] = nil
		case err != nil:
			return nil, err
		default:
			s.files[f] = data
		}
	}
	return s, nil
}

// Restore puts back what s recorded: it deletes the tags created since,
// moves the branch back to the recorded commit, and restores the files
// and their index entries. It tries every step and returns every error.
func (s *Snapshot) Restore() error {
	r := s.repo
	var errs []error
	for _, t := range s.tags {
		if err := r.repo.DeleteTag(t); err != nil {
			errs = append(errs, fmt.Errorf("delete tag %s: %w", t, err))
		}
	}

	// Move the branch back (or HEAD itself, when detached), without
	// touching the work tree.
	ref := plumbing.NewHashReference(s.head.Name(), s.head.Hash())
	if err := r.repo.Storer.SetReference(ref); err != nil {
		errs = append(errs, fmt.Errorf("reset %s: %w", ref.Name(), err))
	}

	wt, err := r.repo.Worktree()
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for f, data := range s.files {
		name := filepath.Join(r.root, filepath.FromSlash(f))
		if data == nil {
			os.Remove(name) // best effort: the file may never have been written
			if _, err := wt.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) &&
				!strings.Contains(err.Error(), "entry not found") {
				errs = append(errs, fmt.Errorf("unstage %s: %w", f, err))
			}
			continue
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := wt.Add(f); err != nil {
			errs = append(errs, fmt.Errorf("restage %s: %w", f, err))
		}
	}
	return errors.Join(errs...)
}

// Commit records files (relative to the root) in a new commit on the
// current branch and returns its hash.
func (s *Snapshot) Commit(message string, author Signature, files ...string) (string, error) {
	wt, err := s.repo.repo.Worktree()
	if err != nil {
		return "", err
	}
	for _, f := range files {
		if _, err := wt.Add(f); err != nil {
			return "", fmt.Errorf("stage %s: %w", f, err)
		}
	}
	h, err := wt.Commit(message, &git.CommitOptions{Author: author.git(), Committer: author.git()})
	if err != nil {
		return "", fmt.Errorf("commit: %w", err)
	}
	return h.String(), nil
}

// Tag creates the annotated tag name on commit.
func (s *Snapshot) Tag(name, commit, message string, tagger Signature) error {
	_, err := s.repo.repo.CreateTag(name, plumbing.NewHash(commit), &git.CreateTagOptions{
		Tagger:  tagger.git(),
		Message: message,
	})
	if errors.Is(err, git.ErrTagExists) {
		return fmt.Errorf("tag %s exists already", name)
	}
	if err != nil {
		return fmt.Errorf("tag %s: %w", name, err)
	}
	s.tags = append(s.tags, name)
	return nil
}

// HasTag reports whether the tag name exists.
func (r *Repo) HasTag(name string) bool {
	_, err := r.repo.Tag(name)
	return err == nil
}

// Push sends the current branch and the named tags to the remote. HTTPS
// remotes authenticate with token when it is set; SSH remotes with the
// SSH agent.
func (r *Repo) Push(remote, token string, tags ...string) error {
	head, err := r.repo.Head()
	if err != nil {
		return err
	}
	specs := []config.RefSpec{config.RefSpec(head.Name() + ":" + head.Name())}
	for _, t := range tags {
		ref := plumbing.NewTagReferenceName(t)
		specs = append(specs, config.RefSpec(ref+":"+ref))
	}

	rem, err := r.repo.Remote(remote)
	if err != nil {
		return fmt.Errorf("remote %q: %w", remote, err)
	}
	auth, err := authFor(rem.Config().URLs[0], token)
	if err != nil {
		return err
	}
	err = r.repo.Push(&git.PushOptions{RemoteName: remote, RefSpecs: specs, Auth: auth})
	if errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil
	}
	return err
}

func authFor(url, token string) (transport.AuthMethod, error) {
	ep, err := transport.NewEndpoint(url)
	if err != nil {
		return nil, err
	}
	switch ep.Protocol {
	case "http", "https":
		if token == "" {
			return nil, nil
		}
		// Hosting services take a token as the password of any user.
		return &http.BasicAuth{Username: "modpack", Password: token}, nil
	case "ssh":
		return ssh.NewSSHAgentAuth(ep.User)
	}
	return nil, nil
}

// WebURL returns the web address of the repository behind remote, for
// links to commits: https://host/owner/repo for the usual HTTPS and SSH
// forms of a hosted repository's URL, or "" when there is none.
func (r *Repo) WebURL(remote string) string {
	rem, err := r.repo.Remote(remote)
	if err != nil || len(rem.Config().URLs) == 0 {
		return ""
	}
	ep, err := transport.NewEndpoint(rem.Config().URLs[0])
	if err != nil || ep.Host == "" || (ep.Protocol != "https" && ep.Protocol != "ssh") {
		return ""
	}
	return "https://" + ep.Host + "/" + strings.TrimSuffix(strings.Trim(ep.Path, "/"), ".git")
}
