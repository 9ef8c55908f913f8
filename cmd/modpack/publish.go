package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/modpack/modpack/internal/publish"
)

type publishFlags struct {
	to        string
	baseURL   string
	force     bool
	kind      string
	endpoint  string
	region    string
	pathStyle bool

	// A configured target names itself in errors, and the variables
	// that hold its credentials.
	label       string
	usernameEnv string
	passwordEnv string
	tokenEnv    string
}

func newPublishCmd(p *printer) *cobra.Command {
	var f publishFlags
	cmd := &cobra.Command{
		Use:   "publish ZIP... [--to TARGET]",
		Short: "Publish built zips to a Composer repository",
		Long: `Publish adds each ZIP, as built by modpack build, to a Composer repository.
TARGET is one of:

  DIR or file:///DIR     a static repository in a directory, created if
                         need be; serve it at --base-url, or point
                         Composer at it with a file:// URL
  s3://BUCKET/PREFIX     the same static repository in S3-compatible
                         storage, served at --base-url (required);
                         --endpoint, --region and --path-style, or
                         AWS_ENDPOINT_URL and AWS_REGION, locate it, and
                         AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY sign
  https://...            a hosted registry's upload API: --kind nexus,
                         artifactory, packeton or private-packagist

Registry credentials come from MODPACK_USERNAME and MODPACK_PASSWORD, or
MODPACK_TOKEN, else COMPOSER_AUTH, else Composer's auth.json; never from
flags. Uploads are retried on server and connection errors, and a
checksum the registry reports is checked against the zip.

Each zip is copied to dist/, its composer.json (which must state the
version) becomes the version's metadata in p2/, and packages.json lists
the package. Files are replaced atomically, the zip first, and a lock
on DIR/.modpack.lock makes concurrent publishers take turns.

A published version is immutable: the same zip again is a no-op, a
different one is refused with both sha1 checksums, unless --force.

Without --to, the zips go to every target .modpack.yml lists (see
"modpack config"), each with its own base URL, S3 settings and the
environment variables its credentials are read from.

Standard output gets each zip's URL in the repository.
` + exitStatusHelp,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPublish(cmd.Context(), p, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "publish to `TARGET`: a directory, file://, s3:// or https:// URL")
	fl.StringVar(&f.baseURL, "base-url", "", "the http(s) `URL` a static repository is served at")
	fl.BoolVar(&f.force, "force", false, "replace a published version whose zip differs")
	fl.StringVar(&f.kind, "kind", "", "the registry behind an https:// target: nexus, artifactory, packeton or private-packagist")
	fl.StringVar(&f.endpoint, "endpoint", "", "S3 endpoint `URL` (default: AWS_ENDPOINT_URL, else AWS)")
	fl.StringVar(&f.region, "region", "", "S3 region (default: AWS_REGION, else us-east-1)")
	fl.BoolVar(&f.pathStyle, "path-style", false, "address S3 buckets in the path, as most self-hosted servers need")
	return cmd
}

func runPublish(ctx context.Context, p *printer, f publishFlags, zips []string) error {
	if len(zips) == 0 {
		return usagef("publish needs at least one zip")
	}

	// --to names the target; without it, the configured ones apply.
	targets := []publishFlags{f}
	if f.to == "" {
		s, err := loadSettings(p, ".")
		if err != nil {
			return err
		}
		targets = s.targets()
		if len(targets) == 0 {
			return usagef("publish needs --to TARGET, or targets in %s", s.file())
		}
		for i := range targets {
			targets[i].force = f.force
		}
	}

	failed := 0
	for _, t := range targets {
		target, err := openTarget(ctx, t)
		if err != nil {
			return err
		}
		n, err := publishZips(ctx, p, target, zips)
		if err != nil {
			return err
		}
		failed += n
	}
	if failed > 0 {
		p.Printf("%s not published", plural(failed, "zip"))
		return errReported
	}
	return nil
}

// publishZips publishes each zip to target, and returns how many
// failed. Only an interruption stops it early.
func publishZips(ctx context.Context, p *printer, target publishFunc, zips []string) (int, error) {
	failed := 0
	for _, zip := range zips {
		res, err := target(ctx, zip)
		if ctx.Err() != nil {
			return failed, ctx.Err()
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
	return failed, nil
}

// A publishFunc publishes one zip to a target.
type publishFunc func(ctx context.Context, zip string) (*publish.Result, error)

// openTarget opens the target f.to names: a static repository in a
// directory or S3, or a hosted registry.
func openTarget(ctx context.Context, f publishFlags) (publishFunc, error) {
	if err := f.checkCredentialEnv(); err != nil {
		return nil, err
	}
	opts := publish.Options{Force: f.force}
	switch {
	case strings.HasPrefix(f.to, "s3://"):
		repo, err := publish.OpenS3(ctx, f.to, f.baseURL, s3Config(f))
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, zip string) (*publish.Result, error) {
			return repo.Publish(ctx, zip, opts)
		}, nil

	case strings.HasPrefix(f.to, "https://") || strings.HasPrefix(f.to, "http://"):
		if f.kind == "" {
			return nil, usagef("publishing to %s needs --kind nexus, artifactory, packeton or private-packagist", f.to)
		}
		if f.force {
			return nil, usagef("--force applies to static repositories; a registry keeps versions by its own rules")
		}
		wd, _ := os.Getwd()
		creds, err := publish.LookupCredentials(f.to, f.credentialEnv(), wd)
		if err != nil {
			return nil, err
		}
		reg, err := publish.OpenRegistry(f.kind, f.to, creds)
		if err != nil {
			return nil, &usageError{err}
		}
		return reg.Upload, nil
	}

	if f.kind != "" {
		return nil, usagef("--kind applies to https:// targets only")
	}
	repo, err := openRepo(f.to, f.baseURL)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, zip string) (*publish.Result, error) {
		return repo.Publish(ctx, zip, opts)
	}, nil
}

// s3Config locates and signs for an S3 target from the flags and the
// usual AWS variables.
func s3Config(f publishFlags) publish.S3Config {
	getenv := f.credentialEnv()
	cfg := publish.S3Config{
		Region:    cmp.Or(f.region, os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION"), "us-east-1"),
		AccessKey: getenv("AWS_ACCESS_KEY_ID"),
		SecretKey: getenv("AWS_SECRET_ACCESS_KEY"),
		PathStyle: f.pathStyle,
	}
	endpoint := cmp.Or(f.endpoint, os.Getenv("AWS_ENDPOINT_URL_S3"), os.Getenv("AWS_ENDPOINT_URL"))
	if rest, ok := strings.CutPrefix(endpoint, "http://"); ok {
		endpoint, cfg.Insecure = rest, true
	}
	cfg.Endpoint = strings.TrimSuffix(strings.TrimPrefix(endpoint, "https://"), "/")
	return cfg
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
