package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/Masterminds/semver/v3"
	"github.com/modpack/modpack/internal/gitrepo"
	"github.com/modpack/modpack/versioning"
	"github.com/spf13/cobra"
)

// policyFlags are the flags that decide the next version.
type policyFlags struct {
	tagPrefix  string
	path       string
	pre        string
	releaseAs  string
	bump       string
	initial    string
	majorZero  bool
	minorTypes []string
	patchTypes []string
}

func (f *policyFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.tagPrefix, "tag-prefix", "v", "prefix of version tags, such as acme-payments/v in a monorepo")
	fl.StringVar(&f.path, "path", "", "count only commits that change files under `DIR`")
	fl.StringVar(&f.pre, "pre", "", "make a prerelease on `CHANNEL`, such as rc or beta")
	fl.StringVar(&f.releaseAs, "release-as", "", "release this `VERSION`, whatever the commits say")
	fl.StringVar(&f.bump, "bump", "", "release at this level: major, minor or patch")
	fl.StringVar(&f.initial, "initial", "", "first version when there is no tag (default 0.1.0)")
	fl.BoolVar(&f.majorZero, "major-zero", true, "before 1.0.0, a breaking change bumps the minor version")
	fl.StringSliceVar(&f.minorTypes, "minor-types", []string{"feat"}, "commit types that release a minor version")
	fl.StringSliceVar(&f.patchTypes, "patch-types", []string{"fix", "perf"}, "commit types that release a patch")
}

func (f *policyFlags) options() (versioning.Options, error) {
	opts := versioning.DefaultOptions()
	opts.MajorZero = f.majorZero
	opts.MinorTypes, opts.PatchTypes = f.minorTypes, f.patchTypes
	opts.Pre = f.pre
	var err error
	if f.releaseAs != "" {
		if opts.ReleaseAs, err = semver.StrictNewVersion(strings.TrimPrefix(f.releaseAs, "v")); err != nil {
			return opts, usagef("--release-as %q is not a version such as 1.4.0", f.releaseAs)
		}
	}
	if f.initial != "" {
		if opts.Initial, err = semver.StrictNewVersion(strings.TrimPrefix(f.initial, "v")); err != nil {
			return opts, usagef("--initial %q is not a version such as 0.1.0", f.initial)
		}
	}
	if f.bump != "" {
		if opts.Force, err = versioning.ParseBump(f.bump); err != nil || opts.Force == versioning.None {
			return opts, usagef("--bump %q: use major, minor or patch", f.bump)
		}
	}
	return opts, nil
}

// A plan is the history a decision rests on.
type plan struct {
	repo     *gitrepo.Repo
	current  *gitrepo.Tag // highest version tag on HEAD's history; nil if none
	decision versioning.Decision
}

// decide reads the history of the repository holding dir and decides
// the next version.
func decide(dir string, f policyFlags) (*plan, error) {
	opts, err := f.options()
	if err != nil {
		return nil, err
	}
	repo, err := gitrepo.Open(dir)
	if err != nil {
		return nil, err
	}
	// A shallow clone hides tags and commits: refuse rather than guess.
	if err := repo.CheckComplete(); err != nil {
		return nil, err
	}

	// With the default prefix a bare tag such as 1.2.3 counts too, so
	// every tag is a candidate and ParseTag decides.
	filter := f.tagPrefix
	if filter == "v" {
		filter = ""
	}
	tags, err := repo.TagsOnHistory(filter)
	if err != nil {
		return nil, err
	}
	var current, lastFinal *gitrepo.Tag
	var currentV, lastFinalV *semver.Version
	for i, t := range tags {
		v, ok := versioning.ParseTag(t.Name, f.tagPrefix)
		if !ok {
			continue
		}
		if currentV == nil || v.GreaterThan(currentV) {
			current, currentV = &tags[i], v
		}
		if v.Prerelease() == "" && (lastFinalV == nil || v.GreaterThan(lastFinalV)) {
			lastFinal, lastFinalV = &tags[i], v
		}
	}

	// The commits since the last final release, and those since the
	// current version, which differ after a prerelease.
	path, err := repoPath(repo, f.path)
	if err != nil {
		return nil, err
	}
	var stops []string
	if lastFinal != nil {
		stops = []string{lastFinal.Commit}
	}
	log, err := repo.Log(stops, path)
	if err != nil {
		return nil, err
	}
	sinceCurrent := log
	if current != nil && current != lastFinal {
		if sinceCurrent, err = repo.Log([]string{current.Commit}, path); err != nil {
			return nil, err
		}
	}

	d, err := versioning.Next(currentV, lastFinalV, parseAll(log), parseAll(sinceCurrent), opts)
	if err != nil {
		return nil, err
	}
	return &plan{repo: repo, current: current, decision: d}, nil
}

// repoPath turns --path, relative to the current directory, into a path
// relative to the repository root.
func repoPath(repo *gitrepo.Repo, path string) (string, error) {
	if path == "" {
		return "", nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	root, err := filepath.EvalSymlinks(repo.Root())
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return "", usagef("--path %s is outside the repository at %s", path, repo.Root())
	}
	return filepath.ToSlash(rel), nil
}

func parseAll(commits []gitrepo.Commit) []versioning.Commit {
	out := make([]versioning.Commit, len(commits))
	for i, c := range commits {
		out[i] = versioning.Parse(c.Hash, c.Message, c.Parents)
	}
	return out
}

func newVersionCmd(p *printer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the current or next version from git history",
		Long: `The version commands read the version tags and commits of the git
repository that holds DIR (default ".") and print a version without its
tag prefix.

The current version is the highest version tag HEAD can reach. The next
one follows from the Conventional Commits since the last release: feat
releases a minor version, fix and perf a patch, a breaking change (a "!"
or a BREAKING CHANGE footer) a major one, or a minor one before 1.0.0.
A shallow clone is refused: fetch the whole history first.

.modpack.yml's tag_prefix and version section set the defaults of these
flags, and a component it lists gets its own tag prefix and commits.`,
	}
	cmd.AddCommand(newVersionCurrentCmd(p), newVersionNextCmd(p))
	return cmd
}

func newVersionCurrentCmd(p *printer) *cobra.Command {
	var f policyFlags
	cmd := &cobra.Command{
		Use:   "current [DIR]",
		Short: "Print the highest version tag on HEAD's history",
		Long: `Current prints the version of the highest version tag HEAD can reach,
and fails when there is none.
` + exitStatusHelp,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := configure(p, cmd, dirArg(args), false); err != nil {
				return err
			}
			pl, err := decide(dirArg(args), f)
			if err != nil {
				return err
			}
			if pl.decision.Previous == nil {
				return fmt.Errorf("no tag %s<version> on HEAD's history", f.tagPrefix)
			}
			p.Resultf("%s\n", pl.decision.Previous)
			return nil
		},
	}
	f.add(cmd)
	return cmd
}

type versionNextFlags struct {
	policyFlags
	format string
}

func newVersionNextCmd(p *printer) *cobra.Command {
	var f versionNextFlags
	cmd := &cobra.Command{
		Use:   "next [DIR]",
		Short: "Print the version the commits since the last release call for",
		Long: `Next prints the version to release. With nothing releasable merged
since the last release, it prints the current version, says so on
standard error and exits 0. -v lists the commits that decided the bump;
--format json prints version, previous, bump and commits.
` + exitStatusHelp,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.format != "text" && f.format != "json" {
				return usagef("unknown --format %q; use text or json", f.format)
			}
			if _, err := configure(p, cmd, dirArg(args), false); err != nil {
				return err
			}
			pl, err := decide(dirArg(args), f.policyFlags)
			if err != nil {
				return err
			}
			return printNext(p, pl.decision, f.format)
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text or json")
	return cmd
}

func printNext(p *printer, d versioning.Decision, format string) error {
	for _, c := range d.Deciding {
		p.Verbosef(1, "%s: %s %s", d.Bump, shortHash(c.Hash), firstLine(c.Message))
	}
	if format == "json" {
		return writeNextJSON(p, d)
	}
	switch {
	case d.Next != nil:
		p.Resultf("%s\n", d.Next)
	case d.Previous != nil:
		p.Printf("nothing releasable since %s", d.Previous)
		p.Resultf("%s\n", d.Previous)
	default:
		return errors.New("no commits to release")
	}
	return nil
}

func writeNextJSON(p *printer, d versioning.Decision) error {
	type commit struct {
		Hash     string `json:"hash"`
		Subject  string `json:"subject"`
		Type     string `json:"type,omitempty"`
		Breaking bool   `json:"breaking,omitempty"`
	}
	out := struct {
		Version  string   `json:"version,omitempty"`
		Previous string   `json:"previous,omitempty"`
		Bump     string   `json:"bump"`
		Release  bool     `json:"release"`
		Commits  []commit `json:"commits"`
	}{Bump: d.Bump.String(), Release: d.Next != nil, Commits: []commit{}}
	if d.Previous != nil {
		out.Previous, out.Version = d.Previous.String(), d.Previous.String()
	}
	if d.Next != nil {
		out.Version = d.Next.String()
	}
	for _, c := range d.Releasing {
		out.Commits = append(out.Commits, commit{c.Hash, firstLine(c.Message), c.Type, c.Breaking})
	}
	enc := json.NewEncoder(p.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
