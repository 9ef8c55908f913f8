package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/spf13/cobra"

	"github.com/modpack/modpack/internal/gitrepo"
	"github.com/modpack/modpack/internal/publish"
	"github.com/modpack/modpack/magento"
	"github.com/modpack/modpack/pack"
)

type releaseFlags struct {
	policyFlags
	out       string
	to        []string
	baseURL   string
	kind      string
	dryRun    bool
	push      bool
	remote    string
	author    string
	changelog string
	format    string

	explicitPrefix bool           // --tag-prefix was given
	settings       *settings      // .modpack.yml
	targets        []publishFlags // --to, else the configured targets
}

func newReleaseCmd(p *printer) *cobra.Command {
	var f releaseFlags
	cmd := &cobra.Command{
		Use:   "release [DIR...]",
		Short: "Validate, version, build, verify, tag, publish and push each component",
		Long: `Release is what a pipeline runs after a merge to the main branch. For
each component under each DIR (default "."), found as validate finds
them, it runs these steps in order, naming each on standard error:

  validate  an error stops the component's release
  version   the next version, as "modpack version next" decides it from
            the commits that touch the component's directory; with none
            releasable, the component has nothing to release
  write     composer.json's version and a CHANGELOG.md section, as bump
  build     the zip, as build does, into the --output directory
  verify    the zip, as verify does; an error stops the release
  tag       a commit of both files and an annotated tag, as bump
  publish   the zip to every --to target, as publish does
  push      the commit and the tag, with --push

Nothing is published or pushed unless every earlier step passed. If a
step up to publish fails, the commit and the tag are removed and the
files put back. If the push fails after publishing, the release stays
in place and the error says what was published and the git push that
finishes it.

With several components, each is versioned from its own commits under
its own tag prefix: <package>/v, from the part of composer.json's name
after the slash (acme/module-payments is tagged module-payments/v1.4.0),
unless --tag-prefix is given. Each released component gets a commit.

--dry-run runs validate, version, build (into a temporary directory)
and verify, prints the plan on standard error and each version on
standard output, and changes nothing. Standard output gets the new
version, or "<package> <version>" lines for several components, or with
--format json a list of component, previous, version, tag, zip, sha256
and targets (the zip's URL in each).

.modpack.yml at the repository root sets the defaults of these flags
(see "modpack init" and "modpack config"): the version policy, the
components to release and their tag prefixes, the build settings, the
changelog, the git author, remote and push, and the targets. Without
--to, the zip goes to every configured target, each with its own base
URL, S3 settings and the environment variables that hold its
credentials; a variable named there but not set stops the release
before it starts.

Under GitHub Actions, the last component released is written to the
file GITHUB_OUTPUT names as version=, tag=, zip= and sha256= lines, and
a Markdown table of every release is appended to GITHUB_STEP_SUMMARY.
` + exitStatusHelp,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.explicitPrefix = cmd.Flags().Changed("tag-prefix")
			s, err := loadSettings(p, dirArg(args))
			if err != nil {
				return err
			}
			f.settings = s
			list := append(s.policySettings(nil), s.gitSettings()...)
			list = append(list, flagSetting{"build.output", "output", s.path(s.cfg.Build.Output)})
			if err := s.apply(cmd.Flags(), list); err != nil {
				return err
			}
			f.targets = releaseTargets(f)
			return runRelease(cmd.Context(), p, f, args)
		},
	}
	f.add(cmd)
	fl := cmd.Flags()
	fl.MarkHidden("path") // release always counts the component's commits
	fl.StringVarP(&f.out, "output", "o", "dist", "write packages to `DIR`")
	fl.StringArrayVar(&f.to, "to", nil, "publish to `TARGET`, as publish takes it, instead of the configured targets; repeatable")
	fl.StringVar(&f.baseURL, "base-url", "", "the http(s) `URL` static repositories are served at")
	fl.StringVar(&f.kind, "kind", "", "the registry behind https:// targets, as publish takes it")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the plan and change nothing")
	fl.BoolVar(&f.push, "push", false, "push the commit and the tag")
	fl.StringVar(&f.remote, "remote", "origin", "the remote --push sends to")
	fl.StringVar(&f.author, "author", "", "commit and tag as `\"Name <email>\"` (default: git's user.name and user.email)")
	addChangelogFlag(fl, &f.changelog)
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	return cmd
}

// releaseTargets returns the targets of --to, or without it those of
// .modpack.yml.
func releaseTargets(f releaseFlags) []publishFlags {
	if len(f.to) == 0 {
		return f.settings.targets()
	}
	targets := make([]publishFlags, len(f.to))
	for i, to := range f.to {
		targets[i] = publishFlags{to: to, baseURL: f.baseURL, kind: f.kind}
	}
	return targets
}

// A releaseSummary is one entry of the --format json summary.
type releaseSummary struct {
	Component string   `json:"component"`
	Previous  string   `json:"previous,omitempty"`
	Version   string   `json:"version"`
	Tag       string   `json:"tag"`
	Zip       string   `json:"zip"`
	SHA256    string   `json:"sha256"`
	Targets   []string `json:"targets"`
}

// releaseState is one component's release as the steps fill it in.
type releaseState struct {
	f      releaseFlags
	policy policyFlags // f's, with this component's path and tag prefix
	dir    string
	report *magento.Report
	plan   *plan
	rel    *release
	zip    *builtPackage
	snap   *gitrepo.Snapshot // set once the work tree is changed
	tmp    string            // the dry run's build directory
	out    releaseSummary
}

// A releaseStep is one step of a component's release.
type releaseStep struct {
	name string
	run  func(ctx context.Context, p *printer, s *releaseState) error
}

// releaseSteps are the steps of a component's release, in order.
var releaseSteps = []releaseStep{
	// Refuse a component with validation errors.
	{"validate", validateRelease},
	// Decide the version from the commits touching the component.
	{"version", versionRelease},
	// Write composer.json's version and the CHANGELOG.md section.
	{"write", writeRelease},
	// Build the zip with the new version.
	{"build", buildRelease},
	// Check the zip as verify does.
	{"verify", verifyRelease},
	// Commit the files and tag the commit.
	{"tag", tagRelease},
	// Publish the zip to every target.
	{"publish", publishRelease},
	// Push the commit and the tag.
	{"push", pushRelease},
}

// errNothingToRelease ends a component's release without failing it.
var errNothingToRelease = errors.New("nothing to release")

func runRelease(ctx context.Context, p *printer, f releaseFlags, paths []string) error {
	if f.format != "text" && f.format != "json" {
		return usagef("unknown --format %q; use text or json", f.format)
	}
	if len(paths) == 0 {
		paths = f.settings.componentPaths()
	}
	out, err := filepath.Abs(f.out)
	if err != nil {
		return err
	}
	f.out = out

	// A credential missing now would fail the release after tagging.
	for _, t := range f.targets {
		if err := t.checkCredentialEnv(); err != nil {
			return err
		}
	}

	dirs, problems := magento.Discover(paths...)
	for _, err := range problems {
		p.Errorf("%v", err)
	}

	var done []releaseSummary
	failed := len(problems)
	for _, dir := range dirs {
		s := &releaseState{f: f, dir: dir, report: magento.Check(dir, magento.Options{})}
		err := releaseOne(ctx, p, s, len(dirs) > 1)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch {
		case errors.Is(err, errNothingToRelease):
		case err != nil:
			p.Errorf("release %s: %v", s.name(), err)
			failed++
		default:
			done = append(done, s.out)
		}
	}

	if err := printReleased(p, done, f.format, len(dirs) > 1); err != nil {
		return err
	}
	if !f.dryRun {
		if err := writeGitHub(done); err != nil {
			return err
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// releaseOne runs the steps for the component in s.dir. A failure
// before the push undoes the commit, the tag and the files.
func releaseOne(ctx context.Context, p *printer, s *releaseState, mono bool) (err error) {
	s.policy = s.f.policyFlags
	s.policy.path = s.dir
	configured := s.f.settings.component(s.dir)
	switch {
	case s.f.explicitPrefix:
	case configured != nil && configured.TagPrefix != "":
		s.policy.tagPrefix = configured.TagPrefix
	case mono:
		s.policy.tagPrefix = packagePrefix(s.report.Component)
	}
	defer func() {
		if s.tmp != "" {
			os.RemoveAll(s.tmp) // best effort: a temporary directory
		}
		if err == nil || s.snap == nil {
			return
		}
		if s.zip != nil {
			os.Remove(s.zip.Path)             // best effort: undone like the rest
			os.Remove(s.zip.Path + ".sha256") // likewise
		}
		err = undo(p, s.snap, err)
	}()

	for _, step := range releaseSteps {
		if err := ctx.Err(); err != nil {
			return err
		}
		p.Printf("release %s: %s", s.name(), step.name)
		if err := step.run(ctx, p, s); err != nil {
			if errors.Is(err, errNothingToRelease) {
				return err
			}
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return nil
}

// name returns the component's name, or its directory without one.
func (s *releaseState) name() string {
	if c := s.report.Component; c != nil && c.Name != "" {
		return c.Name
	}
	return s.dir
}

// packagePrefix returns the tag prefix of c in a monorepo: the package
// part of its Composer name and "/v".
func packagePrefix(c *magento.Component) string {
	if c == nil || c.Composer == nil || c.Composer.Name == "" {
		return "v"
	}
	_, pkg, _ := strings.Cut(c.Composer.Name, "/")
	return pkg + "/v"
}

func validateRelease(_ context.Context, p *printer, s *releaseState) error {
	configured := s.f.settings.component(s.dir)
	if c := s.report.Component; configured != nil && configured.Name != "" &&
		c != nil && c.Name != configured.Name {
		return fmt.Errorf("%s lists %s as %s, but it registers %s; correct the name",
			s.f.settings.file(), configured.Path, configured.Name, c.Name)
	}

	n := s.report.Count(magento.Error)
	if n == 0 {
		return nil
	}
	writeText(p, []*magento.Report{s.report}, nil)
	return fmt.Errorf("%s", plural(n, "validation error"))
}

func versionRelease(_ context.Context, p *printer, s *releaseState) error {
	root, err := gitrepo.Open(s.dir)
	if err != nil {
		return err
	}
	if abs, _ := filepath.Abs(s.dir); sameDir(abs, root.Root()) {
		s.policy.path = ""
	}
	pl, err := decide(s.dir, s.policy)
	if err != nil {
		return err
	}
	s.plan = pl

	d := pl.decision
	if d.Next == nil {
		since := "no commits"
		if d.Previous != nil {
			since = "no releasable commit since " + d.Previous.String()
		}
		p.Printf("release %s: nothing to release: %s", s.name(), since)
		return errNothingToRelease
	}
	for _, c := range d.Deciding {
		p.Printf("release %s: %s because of %s %s",
			s.name(), d.Bump, shortHash(c.Hash), firstLine(c.Message))
	}

	bf := bumpFlags{
		policyFlags: s.policy,
		remote:      s.f.remote,
		author:      s.f.author,
		changelog:   s.f.changelog,
	}
	if s.rel, err = prepareRelease(pl, bf, s.dir); err != nil {
		return err
	}
	s.out = releaseSummary{
		Component: s.name(), Version: s.rel.version, Tag: s.rel.tag,
		Targets: []string{},
	}
	if d.Previous != nil {
		s.out.Previous = d.Previous.String()
	}
	p.Printf("release %s: %s -> %s, tag %s",
		s.name(), orNone(s.out.Previous), s.rel.version, s.rel.tag)
	return nil
}

func writeRelease(_ context.Context, p *printer, s *releaseState) error {
	if s.f.dryRun {
		for _, name := range s.rel.order {
			p.Printf("release %s: would write %s", s.name(), name)
		}
		return nil
	}
	if err := checkClean(s.plan.repo, s.rel, false); err != nil {
		return err
	}
	snap, err := s.plan.repo.Snapshot(s.rel.order...)
	if err != nil {
		return err
	}
	s.snap = snap
	return writeFiles(p, s.plan.repo, s.rel)
}

func buildRelease(ctx context.Context, p *printer, s *releaseState) error {
	out := s.f.out
	if s.f.dryRun {
		tmp, err := os.MkdirTemp("", "modpack-release-")
		if err != nil {
			return err
		}
		s.tmp, out = tmp, tmp
	}
	b := s.f.settings.cfg.Build
	bf := buildFlags{
		out:          out,
		version:      s.rel.version,
		nameTemplate: cmp.Or(b.NameTemplate, pack.DefaultNameTemplate),
		exclude:      b.Exclude,
		allowSecrets: b.AllowSecrets,
		marketplace:  b.Marketplace,
	}
	built, err := buildOne(ctx, p, s.dir, out, bf)
	if err != nil {
		return err
	}
	s.zip = built
	s.out.Zip, s.out.SHA256 = built.Path, built.SHA256
	if s.f.dryRun {
		s.out.Zip = filepath.Join(s.f.out, filepath.Base(built.Path))
		p.Printf("release %s: would build %s", s.name(), s.out.Zip)
	}
	return nil
}

func verifyRelease(ctx context.Context, p *printer, s *releaseState) error {
	r, err := pack.Verify(ctx, s.zip.Path, pack.VerifyOptions{})
	if err != nil {
		return err
	}
	if n := r.Count(magento.Error); n > 0 {
		writeText(p, []*magento.Report{r}, nil)
		return fmt.Errorf("%s: %s", s.zip.Path, plural(n, "error"))
	}
	return nil
}

func tagRelease(_ context.Context, p *printer, s *releaseState) error {
	if s.f.dryRun {
		p.Printf("release %s: would commit %q and tag %s",
			s.name(), s.rel.message, s.rel.tag)
		return nil
	}
	return commitAndTag(p, s.snap, s.rel, false)
}

func publishRelease(ctx context.Context, p *printer, s *releaseState) error {
	for _, pf := range s.f.targets {
		to := pf.to
		if s.f.dryRun {
			p.Printf("release %s: would publish to %s", s.name(), to)
			continue
		}
		res, err := publishTo(ctx, pf, s.zip.Path)
		if err == nil {
			s.out.Targets = append(s.out.Targets, res.URL)
			p.Printf("release %s: published %s", s.name(), res.URL)
			continue
		}
		if len(s.out.Targets) > 0 {
			return fmt.Errorf("%s: %w (already published, and not undone: %s)",
				to, err, strings.Join(s.out.Targets, ", "))
		}
		return fmt.Errorf("%s: %w", to, err)
	}
	return nil
}

// publishTo publishes zip to the target f names.
func publishTo(ctx context.Context, f publishFlags, zip string) (*publish.Result, error) {
	target, err := openTarget(ctx, f)
	if err != nil {
		return nil, err
	}
	return target(ctx, zip)
}

func pushRelease(_ context.Context, p *printer, s *releaseState) error {
	if !s.f.push {
		return nil
	}
	if s.f.dryRun {
		p.Printf("release %s: would push to %s", s.name(), s.f.remote)
		return nil
	}
	repo := s.plan.repo
	err := repo.Push(s.f.remote, os.Getenv("MODPACK_GIT_TOKEN"), s.rel.tag)
	if err == nil {
		p.Printf("release %s: pushed %s to %s", s.name(), s.rel.tag, s.f.remote)
		return nil
	}

	// Published versions cannot be taken back, so keep the release and
	// say how to finish it.
	s.snap = nil
	published := "nothing"
	if len(s.out.Targets) > 0 {
		published = strings.Join(s.out.Targets, ", ")
	}
	branch := "HEAD"
	if g, err := git.PlainOpen(repo.Root()); err == nil {
		if head, err := g.Head(); err == nil && head.Name().IsBranch() {
			branch = head.Name().Short()
		}
	}
	return fmt.Errorf("push to %s: %v; published %s; the commit and tag %s "+
		"are kept: finish with 'git push %s %s %s'",
		s.f.remote, err, published, s.rel.tag, s.f.remote, branch, s.rel.tag)
}

func printReleased(p *printer, done []releaseSummary, format string, mono bool) error {
	if format == "json" {
		if done == nil {
			done = []releaseSummary{}
		}
		enc := json.NewEncoder(p.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(done)
	}
	for _, r := range done {
		if mono {
			p.Resultf("%s %s\n", r.Component, r.Version)
		} else {
			p.Resultf("%s\n", r.Version)
		}
	}
	return nil
}

// writeGitHub appends the last release to GITHUB_OUTPUT and a table of
// every release to GITHUB_STEP_SUMMARY, when GitHub Actions sets them.
func writeGitHub(done []releaseSummary) error {
	if len(done) == 0 {
		return nil
	}
	last := done[len(done)-1]
	output := fmt.Sprintf("version=%s\ntag=%s\nzip=%s\nsha256=%s\n",
		last.Version, last.Tag, last.Zip, last.SHA256)
	if err := appendFile(os.Getenv("GITHUB_OUTPUT"), output); err != nil {
		return err
	}

	var b strings.Builder
	b.WriteString("| Component | Previous | Version | Tag | Zip | SHA-256 | Published |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, r := range done {
		fmt.Fprintf(&b, "| %s | %s | %s | `%s` | %s | `%s` | %s |\n",
			r.Component, orNone(r.Previous), r.Version, r.Tag,
			filepath.Base(r.Zip), r.SHA256, strings.Join(r.Targets, "<br>"))
	}
	return appendFile(os.Getenv("GITHUB_STEP_SUMMARY"), b.String())
}

// appendFile appends text to the file name, unless name is "".
func appendFile(name, text string) error {
	if name == "" {
		return nil
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// sameDir reports whether a and b name the same directory.
func sameDir(a, b string) bool {
	ra, errA := filepath.EvalSymlinks(a)
	rb, errB := filepath.EvalSymlinks(b)
	return errA == nil && errB == nil && ra == rb
}
