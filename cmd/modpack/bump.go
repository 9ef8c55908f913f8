package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/modpack/modpack/composer"
	"github.com/modpack/modpack/internal/atomic"
	"github.com/modpack/modpack/internal/gitrepo"
	"github.com/modpack/modpack/versioning"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type bumpFlags struct {
	policyFlags
	dryRun     bool
	noCommit   bool
	noTag      bool
	push       bool
	allowDirty bool
	author     string
	remote     string
	changelog  string
}

func newBumpCmd(p *printer) *cobra.Command {
	var f bumpFlags
	cmd := &cobra.Command{
		Use:   "bump [DIR]",
		Short: "Release the next version: composer.json, CHANGELOG.md, commit and tag",
		Long: `Bump decides the next version as "modpack version next" does, writes it
into DIR/composer.json (editing only the version), adds a section to
DIR/CHANGELOG.md (breaking changes first, then features, fixes and
performance work), commits both files and creates an annotated tag on
that commit. It prints the new version on standard output.

The work tree must be clean (untracked files aside) unless --allow-dirty.
If any step fails, or is interrupted, the files, the index, the branch
and the tags are put back as they were. --push sends the commit and the
tag to the remote, authenticating HTTPS remotes with MODPACK_GIT_TOKEN
and SSH remotes with the SSH agent; a failed push also undoes the
release.

--changelog names the release notes file in DIR ("" writes none). The
version and git sections of .modpack.yml set the defaults of these
flags; a component it lists gets its tag prefix and its commits.
` + exitStatusHelp,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := configure(p, cmd, dirArg(args), true); err != nil {
				return err
			}
			return runBump(cmd.Context(), p, f, dirArg(args))
		},
	}
	f.add(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&f.dryRun, "dry-run", false, "print what would happen and change nothing")
	fl.BoolVar(&f.noCommit, "no-commit", false, "write the files but do not commit or tag")
	fl.BoolVar(&f.noTag, "no-tag", false, "commit but do not tag")
	fl.BoolVar(&f.push, "push", false, "push the commit and the tag")
	fl.BoolVar(&f.allowDirty, "allow-dirty", false, "release from a work tree with uncommitted changes")
	fl.StringVar(&f.author, "author", "", "commit and tag as `\"Name <email>\"` (default: git's user.name and user.email)")
	fl.StringVar(&f.remote, "remote", "origin", "the remote --push sends to")
	addChangelogFlag(fl, &f.changelog)
	return cmd
}

// A release is the set of changes bump makes.
type release struct {
	version   string
	tag       string
	files     map[string][]byte // path relative to the root: new content
	order     []string
	message   string
	tagNote   string
	signature gitrepo.Signature
}

func runBump(ctx context.Context, p *printer, f bumpFlags, dir string) error {
	if f.noCommit && f.push {
		return usagef("--no-commit and --push cannot be used together")
	}
	pl, err := decide(dir, f.policyFlags)
	if err != nil {
		return err
	}
	d := pl.decision
	if d.Next == nil {
		if d.Previous != nil {
			p.Printf("nothing to release: no releasable commit since %s", d.Previous)
			p.Resultf("%s\n", d.Previous)
		} else {
			p.Printf("nothing to release: no commits")
		}
		return nil
	}
	for _, c := range d.Deciding {
		p.Verbosef(1, "%s: %s %s", d.Bump, shortHash(c.Hash), firstLine(c.Message))
	}

	rel, err := prepareRelease(pl, f, dir)
	if err != nil {
		return err
	}
	if f.dryRun {
		describeRelease(p, rel, f)
		p.Resultf("%s\n", rel.version)
		return nil
	}
	if err := checkClean(pl.repo, rel, f.allowDirty); err != nil {
		return err
	}
	if err := apply(ctx, p, pl.repo, rel, f); err != nil {
		return err
	}
	p.Resultf("%s\n", rel.version)
	return nil
}

// prepareRelease computes the new content of composer.json and
// CHANGELOG.md, the commit message and the tag.
func prepareRelease(pl *plan, f bumpFlags, dir string) (*release, error) {
	d := pl.decision
	rel := &release{
		version: d.Next.String(),
		tag:     f.tagPrefix + d.Next.String(),
		files:   map[string][]byte{},
	}
	if pl.repo.HasTag(rel.tag) {
		return nil, fmt.Errorf("tag %s exists already, but not on HEAD's history; "+
			"release from the branch it is on, or pass --release-as", rel.tag)
	}

	now := time.Now()
	rel.signature = pl.repo.DefaultSignature(now)
	if f.author != "" {
		addr, err := mail.ParseAddress(f.author)
		if err != nil {
			return nil, usagef("--author %q is not of the form \"Name <email>\"", f.author)
		}
		rel.signature = gitrepo.Signature{Name: addr.Name, Email: addr.Address, When: now}
	}

	base, err := repoPath(pl.repo, dir)
	if err != nil {
		return nil, err
	}
	inRepo := func(name string) string { return filepath.ToSlash(filepath.Join(base, name)) }

	// composer.json carries the version, edited in place.
	manifest := inRepo("composer.json")
	old, err := os.ReadFile(filepath.Join(pl.repo.Root(), manifest))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", manifest, err)
	}
	updated, err := composer.SetVersion(old, rel.version)
	if err != nil {
		return nil, fmt.Errorf("%s:%v", manifest, err)
	}
	rel.add(manifest, updated)

	// The changelog gets the release's section on top.
	if f.changelog != "" && !filepath.IsLocal(filepath.FromSlash(f.changelog)) {
		return nil, usagef("--changelog %q is not a file inside the component", f.changelog)
	}
	section := versioning.ChangelogSection(d.Next, now, d.Releasing, pl.repo.WebURL(f.remote))
	if f.changelog != "" {
		changelog := inRepo(filepath.FromSlash(f.changelog))
		oldLog, err := os.ReadFile(filepath.Join(pl.repo.Root(), changelog))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		rel.add(changelog, versioning.InsertChangelog(oldLog, section))
	}

	rel.message = "chore(release): " + rel.version
	rel.tagNote = "Release " + rel.version + "\n\n" + section
	return rel, nil
}

// addChangelogFlag adds the --changelog flag, which names the release
// notes file of a component.
func addChangelogFlag(fl *pflag.FlagSet, file *string) {
	fl.StringVar(file, "changelog", "CHANGELOG.md",
		"write release notes to `FILE` in the component; \"\" for none")
}

func (r *release) add(name string, content []byte) {
	r.files[name] = content
	r.order = append(r.order, name)
}

func describeRelease(p *printer, rel *release, f bumpFlags) {
	p.Printf("would release %s", rel.version)
	for _, name := range rel.order {
		p.Printf("would write %s", name)
	}
	if f.noCommit {
		return
	}
	p.Printf("would commit %q as %s <%s>", rel.message, rel.signature.Name, rel.signature.Email)
	if !f.noTag {
		p.Printf("would tag %s", rel.tag)
	}
	if f.push {
		p.Printf("would push to %s", f.remote)
	}
}

// checkClean refuses a dirty work tree, and even with allowDirty a
// release file with changes of its own, which the release commit would
// sweep in.
func checkClean(repo *gitrepo.Repo, rel *release, allowDirty bool) error {
	dirty, err := repo.Dirty()
	if err != nil {
		return err
	}
	for _, name := range rel.order {
		if slices.Contains(dirty, name) {
			return fmt.Errorf("%s has uncommitted changes; commit or stash them before releasing", name)
		}
	}
	if len(dirty) > 0 && !allowDirty {
		slices.Sort(dirty)
		return fmt.Errorf("the work tree has uncommitted changes (%s); "+
			"commit or stash them, or pass --allow-dirty", dirty[0])
	}
	return nil
}

// apply writes, commits, tags and pushes the release. On any failure,
// and on interruption, it restores what it had changed.
func apply(ctx context.Context, p *printer, repo *gitrepo.Repo, rel *release, f bumpFlags) (err error) {
	snap, err := repo.Snapshot(rel.order...)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = undo(p, snap, err)
		}
	}()

	if err := writeFiles(p, repo, rel); err != nil {
		return err
	}
	if f.noCommit || ctx.Err() != nil {
		return ctx.Err()
	}

	if err := commitAndTag(p, snap, rel, f.noTag); err != nil {
		return err
	}
	if !f.push || ctx.Err() != nil {
		return ctx.Err()
	}

	var tags []string
	if !f.noTag {
		tags = append(tags, rel.tag)
	}
	if err := repo.Push(f.remote, os.Getenv("MODPACK_GIT_TOKEN"), tags...); err != nil {
		return fmt.Errorf("push to %s: %w", f.remote, err)
	}
	p.Printf("pushed %s to %s", rel.tag, f.remote)
	return nil
}

// writeFiles writes the release's files into the work tree.
func writeFiles(p *printer, repo *gitrepo.Repo, rel *release) error {
	for _, name := range rel.order {
		file := filepath.Join(repo.Root(), filepath.FromSlash(name))
		if err := atomic.WriteFile(file, rel.files[name], 0o644); err != nil {
			return err
		}
		p.Verbosef(1, "wrote %s", name)
	}
	return nil
}

// commitAndTag commits the release's files and, unless noTag, tags the
// commit.
func commitAndTag(
	p *printer,
	snap *gitrepo.Snapshot,
	rel *release,
	noTag bool,
) error {
	commit, err := snap.Commit(rel.message, rel.signature, rel.order...)
	if err != nil {
		return err
	}
	p.Verbosef(1, "committed %s %q", shortHash(commit), rel.message)
	if noTag {
		return nil
	}
	if err := snap.Tag(rel.tag, commit, rel.tagNote, rel.signature); err != nil {
		return err
	}
	p.Verbosef(1, "tagged %s", rel.tag)
	return nil
}

// undo puts back what snap recorded after err, says so, and returns err
// with any failure to restore.
func undo(p *printer, snap *gitrepo.Snapshot, err error) error {
	if rerr := snap.Restore(); rerr != nil {
		return fmt.Errorf("%w\nrestoring the repository also failed: %v", err, rerr)
	}
	p.Printf("restored the work tree, branch and tags as they were")
	return err
}
