package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/modpack/modpack/composer"
	"github.com/modpack/modpack/internal/gitrepo"
	"github.com/modpack/modpack/magento"
	"github.com/modpack/modpack/pack"
	"github.com/spf13/cobra"
)

type buildFlags struct {
	out          string
	version      string
	nameTemplate string
	format       string
	tagPrefix    string
	allowSecrets []string
	skipValidate bool
	list         bool
	marketplace  bool
	exclude      []string

	// settings give configured components their tag prefixes, unless
	// --tag-prefix is given.
	settings       *settings
	explicitPrefix bool
}

func newBuildCmd(p *printer) *cobra.Command {
	var f buildFlags
	cmd := &cobra.Command{
		Use:   "build [DIR...]",
		Short: "Build the reproducible zip of each component",
		Long: `Build finds the components under each DIR (default "."), as validate does,
and writes each one's package to the output directory as
<vendor>-<package>-<version>.zip with a .sha256 file beside it. It prints
each zip's path, size, sha1 and sha256, or a JSON list with --format json.

A component with validation errors is not built (--skip-validate builds
it anyway). The zip holds the component's files less version-control
data, OS and editor litter, vendor/, node_modules/, composer.lock and CI
files, and less what the top-level .gitattributes marks export-ignore and
composer.json's archive.exclude names, with Composer's pattern rules.
--list prints that selection, with the rule that left each file out,
instead of building. A secret (auth.json, .env*, app/etc/env.php, private
keys, .npmrc or .pypirc with a token) stops the build unless excluded or
passed to --allow-secret. --exclude adds rules of the same kind, applied
after the component's own.

The packaged composer.json carries the version: --version, else
composer.json's own, else the one "modpack version next" computes (the
current version when nothing new was merged). Every entry has one
timestamp: SOURCE_DATE_EPOCH, else the HEAD commit's time, else
2020-01-01. The same sources give the same bytes on any machine.

A package over the Marketplace's 30 MB limit is a warning, or an error
with --marketplace.

The build section of .modpack.yml sets the defaults of these flags; a
relative output directory there is taken from the repository root.
` + exitStatusHelp,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := loadSettings(p, dirArg(args))
			if err != nil {
				return err
			}
			f.settings = s
			f.explicitPrefix = cmd.Flags().Changed("tag-prefix")
			if err := s.apply(cmd.Flags(), s.buildSettings()); err != nil {
				return err
			}
			return runBuild(cmd.Context(), p, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "output", "o", "dist", "write packages to `DIR`")
	fl.StringVar(&f.version, "version", "", "package this version")
	fl.StringVar(&f.nameTemplate, "name-template", pack.DefaultNameTemplate,
		"zip file name, from {{.Vendor}}, {{.Package}} and {{.Version}}")
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	fl.StringVar(&f.tagPrefix, "tag-prefix", "v", "prefix of version tags, for the version from git")
	fl.StringSliceVar(&f.allowSecrets, "allow-secret", nil, "let this `PATH` ship although it looks like a secret")
	fl.BoolVar(&f.skipValidate, "skip-validate", false, "build components that have validation errors")
	fl.BoolVar(&f.list, "list", false, "print what would go into each zip and why files are left out; build nothing")
	fl.BoolVar(&f.marketplace, "marketplace", false, "treat the Marketplace's 30 MB limit as an error")
	fl.StringArrayVar(&f.exclude, "exclude", nil, "leave out files matching this Composer-style `RULE`; repeatable")
	return cmd
}

// builtPackage is one package in --format json output.
type builtPackage struct {
	Component string `json:"component"`
	Name      string `json:"name"`
	Version   string `json:"version"`
	Path      string `json:"path"`
	Size      int64  `json:"size"`
	SHA1      string `json:"sha1"`
	SHA256    string `json:"sha256"`
	Files     int    `json:"files"`
}

func runBuild(ctx context.Context, p *printer, f buildFlags, paths []string) error {
	if f.format != "text" && f.format != "json" {
		return usagef("unknown --format %q; use text or json", f.format)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	out, err := filepath.Abs(f.out)
	if err != nil {
		return err
	}

	dirs, problems := magento.Discover(paths...)
	for _, err := range problems {
		p.Printf("%v", err)
	}
	if f.list {
		return listSelections(p, dirs, out, f)
	}

	// Build the components side by side; each streams its files, so
	// memory stays bounded whatever their size.
	results := make([]*builtPackage, len(dirs))
	errs := make([]error, len(dirs))
	next := make(chan int)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				results[i], errs[i] = buildOne(ctx, p, dirs[i], out, f)
				mu.Lock()
				done++
				p.Progress("building", done, len(dirs))
				mu.Unlock()
			}
		})
	}
	for i := range dirs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}

	failed := len(problems)
	var built []*builtPackage
	for i, err := range errs {
		if err != nil {
			p.Errorf("%s: %v", dirs[i], err)
			failed++
			continue
		}
		built = append(built, results[i])
	}
	if err := printBuilt(p, built, f.format); err != nil {
		return err
	}
	if failed > 0 {
		p.Printf("%s built, %s failed", plural(len(built), "package"), plural(failed, "component"))
		return errReported
	}
	return nil
}

// buildOne validates and builds the component in dir.
func buildOne(ctx context.Context, p *printer, dir, out string, f buildFlags) (*builtPackage, error) {
	// Selecting the files checks every name, so validation need not.
	report := magento.Check(dir, magento.Options{SkipFileNames: true})
	if n := report.Count(magento.Error); n > 0 {
		if !f.skipValidate {
			return nil, fmt.Errorf("%s; run modpack validate to see them, "+
				"or pass --skip-validate", plural(n, "validation error"))
		}
		p.Printf("warning: %s: building despite %s", dir, plural(n, "validation error"))
	}

	opts, err := buildOptions(dir, out, f)
	if err != nil {
		return nil, err
	}
	res, _, err := pack.Build(ctx, dir, out, opts)
	if err != nil {
		return nil, err
	}

	if res.Size > pack.MarketplaceLimit {
		msg := fmt.Sprintf("%s is %d bytes, over the Marketplace's limit of 30 MB", res.Path, res.Size)
		if f.marketplace {
			os.Remove(res.Path)             // best effort: the error says why it is gone
			os.Remove(res.Path + ".sha256") // likewise
			return nil, errors.New(msg)
		}
		p.Printf("warning: %s", msg)
	}
	return &builtPackage{
		Component: dir, Name: res.Name, Version: res.Version, Path: res.Path,
		Size: res.Size, SHA1: res.SHA1, SHA256: res.SHA256, Files: res.Files,
	}, nil
}

// buildOptions works out the version, timestamp and file rules for the
// component in dir.
func buildOptions(dir, out string, f buildFlags) (pack.Options, error) {
	opts := pack.Options{NameTemplate: f.nameTemplate}
	opts.Select.Skip = []string{out}
	opts.Select.AllowSecrets = f.allowSecrets

	excludes, version, err := componentRules(dir)
	if err != nil {
		return opts, err
	}
	opts.Select.Excludes = excludes.With(f.exclude, "--exclude")

	// The version: the flag, composer.json's, or git history's.
	opts.Version = f.version
	if opts.Version == "" {
		opts.Version = version
	}
	repo, repoErr := gitrepo.Open(dir)
	if opts.Version == "" && repoErr == nil {
		policy, err := f.policy(dir)
		if err != nil {
			return opts, err
		}
		pl, err := decide(dir, policy)
		if err != nil {
			return opts, err
		}
		if v := pl.decision.Next; v != nil {
			opts.Version = v.String()
		} else if v := pl.decision.Previous; v != nil {
			opts.Version = v.String()
		}
	}

	// The timestamp: SOURCE_DATE_EPOCH, HEAD's time, or the default.
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		secs, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return opts, fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", s)
		}
		opts.Time = time.Unix(secs, 0)
	} else if repoErr == nil {
		if t, err := repo.HeadTime(); err == nil {
			opts.Time = t
		}
	}
	return opts, nil
}

// componentRules reads the component's export-ignore and archive.exclude
// rules, and the version its composer.json states.
func componentRules(dir string) (pack.Excludes, string, error) {
	var attrs []pack.Pattern
	if data, err := os.ReadFile(filepath.Join(dir, ".gitattributes")); err == nil {
		attrs = pack.ParseGitAttributes(data)
	}

	data, err := os.ReadFile(filepath.Join(dir, "composer.json"))
	if err != nil {
		return pack.Excludes{}, "", fmt.Errorf("read composer.json: %w", err)
	}
	v, err := composer.Decode(data)
	if err != nil {
		return pack.Excludes{}, "", fmt.Errorf("composer.json:%v", err)
	}
	doc, _ := v.(*composer.Object)

	var rules []string
	if archive, ok := fieldObject(doc, "archive"); ok {
		if list, ok := archive.Get("exclude"); ok {
			items, _ := list.([]composer.Value)
			for _, item := range items {
				if s, ok := item.(string); ok {
					rules = append(rules, s)
				}
			}
		}
	}
	version, _ := fieldString(doc, "version")
	return pack.NewExcludes(attrs, rules), version, nil
}

// policy returns the version policy for the component in dir: the
// defaults of "modpack version next" with the settings applied, and the
// commits under dir.
func (f buildFlags) policy(dir string) (policyFlags, error) {
	var policy policyFlags
	cmd := &cobra.Command{}
	policy.add(cmd)
	if s := f.settings; s != nil {
		list := s.policySettings(s.component(dir))
		if err := s.apply(cmd.Flags(), list); err != nil {
			return policy, err
		}
	}
	policy.tagPrefix = f.componentPrefix(dir)
	policy.path = dir
	return policy, nil
}

// componentPrefix returns the tag prefix of the component in dir.
func (f buildFlags) componentPrefix(dir string) string {
	if f.explicitPrefix {
		return f.tagPrefix
	}
	if c := f.settings.component(dir); c != nil && c.TagPrefix != "" {
		return c.TagPrefix
	}
	return f.tagPrefix
}

func fieldObject(o *composer.Object, key string) (*composer.Object, bool) {
	v, _ := o.Get(key)
	obj, ok := v.(*composer.Object)
	return obj, ok
}

func fieldString(o *composer.Object, key string) (string, bool) {
	v, _ := o.Get(key)
	s, ok := v.(string)
	return s, ok
}

func listSelections(p *printer, dirs []string, out string, f buildFlags) error {
	failed := false
	for _, dir := range dirs {
		excludes, _, err := componentRules(dir)
		if err != nil {
			p.Errorf("%s: %v", dir, err)
			failed = true
			continue
		}
		sel, err := pack.Select(dir, pack.SelectOptions{
			Excludes:     excludes.With(f.exclude, "--exclude"),
			AllowSecrets: f.allowSecrets,
			Skip:         []string{out},
		})
		if err != nil {
			return err
		}
		for _, file := range sel.Files {
			p.Resultf("+ %s\n", filepath.Join(dir, file.Path))
		}
		for _, s := range sel.Skipped {
			p.Resultf("- %s (%s)\n", filepath.Join(dir, s.Path), s.Reason)
		}
		for _, e := range sel.Problems {
			p.Errorf("%s: %v", filepath.Join(dir, e.Path), e.Err)
			failed = true
		}
	}
	if failed {
		return errReported
	}
	return nil
}

func printBuilt(p *printer, built []*builtPackage, format string) error {
	if format == "json" {
		if built == nil {
			built = []*builtPackage{}
		}
		enc := json.NewEncoder(p.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(built)
	}
	for _, b := range built {
		p.Resultf("%s\n", b.Path)
		p.Printf("%s %s: %d bytes, %d files, sha1 %s, sha256 %s",
			b.Name, b.Version, b.Size, b.Files, b.SHA1, b.SHA256)
	}
	return nil
}
