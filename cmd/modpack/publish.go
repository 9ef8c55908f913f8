package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/modpack/modpack/internal/publish"
)

type publishFlags struct {
	to      string
	baseURL string
	force   bool
}

func newPublishCmd(p *printer) *cobra.Command {
	var f publishFlags
	cmd := &cobra.Command{
		Use:   "publish ZIP... --to DIR",
		Short: "Publish built zips to a static Composer repository",
		Long: `Publish adds each ZIP, as built by modpack build, to the static Composer
repository in DIR (a path or a file:// URL), creating it if need be.
Serve DIR with any web server at --base-url, or point Composer at it
with a file:// URL when --base-url is not given.

Each zip is copied to dist/, its composer.json (which must state the
version) becomes the version's metadata in p2/, and packages.json lists
the package. Files are replaced atomically, the zip first, and a lock
on DIR/.modpack.lock makes concurrent publishers take turns.

A published version is immutable: the same zip again is a no-op, a
different one is refused with both sha1 checksums, unless --force.

Standard output gets each zip's URL in the repository.
` + exitStatusHelp,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPublish(cmd.Context(), p, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "publish to the repository in `DIR` or file:// URL")
	fl.StringVar(&f.baseURL, "base-url", "", "the http(s) `URL` that DIR is served at")
	fl.BoolVar(&f.force, "force", false, "replace a published version whose zip differs")
	return cmd
}

func runPublish(ctx context.Context, p *printer, f publishFlags, zips []string) error {
	if len(zips) == 0 {
		return usagef("publish needs at least one zip")
	}
	if f.to == "" {
		return usagef("publish needs --to DIR")
	}
	repo, err := openRepo(f.to, f.baseURL)
	if err != nil {
		return err
	}

	failed := 0
	for _, zip := range zips {
		res, err := repo.Publish(ctx, zip, publish.Options{Force: f.force})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			p.Errorf("%v", err)
			var conflict *publish.ConflictError
			if errors.As(err, &conflict) {
				p.Printf("pass --force to replace %s %s anyway",
					conflict.Name, conflict.Version)
			}
			failed++
			continue
		}
		p.Resultf("%s\n", res.URL)
		switch res.Status {
		case publish.Added:
			p.Printf("published %s %s", res.Name, res.Version)
		case publish.Unchanged:
			p.Printf("%s %s is already published with the same bytes",
				res.Name, res.Version)
		case publish.Replaced:
			p.Printf("replaced %s %s: sha1 %s, was %s",
				res.Name, res.Version, res.SHA1, res.OldSHA1)
		}
	}
	if failed > 0 {
		p.Printf("%s not published", plural(failed, "zip"))
		return errReported
	}
	return nil
}

// openRepo opens the repository at to, a directory or file:// URL.
func openRepo(to, baseURL string) (*publish.Repo, error) {
	dir := to
	if strings.Contains(to, "://") {
		u, err := url.Parse(to)
		if err != nil || u.Scheme != "file" || (u.Host != "" && u.Host != "localhost") {
			return nil, usagef("repository %q is neither a directory nor a file:// URL", to)
		}
		dir = u.Path
	}
	repo, err := publish.Open(dir, baseURL)
	if err != nil {
		return nil, &usageError{err}
	}
	return repo, nil
}

type repoFlags struct {
	baseURL string
	format  string
}

func newRepoCmd(p *printer) *cobra.Command {
	var f repoFlags
	cmd := &cobra.Command{
		Use:   "repo",
		Short: "Inspect or repair a static Composer repository",
		Args:  cobra.NoArgs,
	}

	rebuild := &cobra.Command{
		Use:   "rebuild DIR",
		Short: "Regenerate a repository's metadata from its zips",
		Long: `Rebuild rewrites packages.json and every p2 file of the repository in DIR
from the zips under DIR/dist, with URLs under --base-url (file:// URLs of
DIR when it is not given), and removes the p2 files of packages that have
no zips left. It recovers lost or damaged metadata, or moves the
repository to another URL.
` + exitStatusHelp,
		Args: oneRepoArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			repo, err := openRepo(args[0], f.baseURL)
			if err != nil {
				return err
			}
			pkgs, err := repo.Rebuild(cmd.Context())
			if err != nil {
				return err
			}
			n := 0
			for _, pkg := range pkgs {
				n += len(pkg.Versions)
			}
			p.Printf("rebuilt %s, %s", plural(len(pkgs), "package"), plural(n, "version"))
			return nil
		},
	}
	rebuild.Flags().StringVar(&f.baseURL, "base-url", "", "the http(s) `URL` that DIR is served at")

	list := &cobra.Command{
		Use:   "list DIR",
		Short: "List a repository's packages and versions",
		Long: `List prints each package in the repository in DIR and its versions,
newest first, one "name version" per line, or a JSON list with
--format json.
` + exitStatusHelp,
		Args: oneRepoArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRepoList(p, args[0], f.format)
		},
	}
	list.Flags().StringVar(&f.format, "format", "text", "output format: text or json")

	cmd.AddCommand(rebuild, list)
	return cmd
}

func runRepoList(p *printer, dir, format string) error {
	if format != "text" && format != "json" {
		return usagef("unknown --format %q; use text or json", format)
	}
	repo, err := openRepo(dir, "")
	if err != nil {
		return err
	}
	pkgs, err := repo.List()
	if err != nil {
		return err
	}
	if format == "json" {
		enc := json.NewEncoder(p.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(pkgs)
	}
	for _, pkg := range pkgs {
		for _, v := range pkg.Versions {
			p.Resultf("%s %s\n", pkg.Name, v.Version)
		}
	}
	return nil
}

// oneRepoArg checks that cmd has one argument, the repository directory;
// its failure is a usage error.
func oneRepoArg(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usagef("%s takes one argument, DIR, got %d", cmd.CommandPath(), len(args))
	}
	return nil
}
