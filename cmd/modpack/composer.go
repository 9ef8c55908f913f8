package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/modpack/modpack/composer"
	"github.com/modpack/modpack/internal/atomic"
	"github.com/modpack/modpack/internal/textdiff"
	"github.com/modpack/modpack/magento"
	"github.com/spf13/cobra"
)

// catalogFlags choose where package names and versions come from.
type catalogFlags struct {
	magentoVersion string
	magentoRoot    string
}

func (f *catalogFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.magentoVersion, "magento-version", "2.4.6-p1",
		"the Magento release whose package versions set the constraints")
	fl.StringVar(&f.magentoRoot, "magento-root", "",
		"take packages and versions from the Magento installation in `DIR`")
}

func (f *catalogFlags) catalog() (*composer.Catalog, error) {
	release := magento.Magento246()
	if f.magentoVersion != release.Version {
		return nil, usagef("modpack knows the packages of Magento %s only; "+
			"for %s, pass --magento-root with an installation of it", release.Version, f.magentoVersion)
	}
	cat := &composer.Catalog{Release: release}
	if f.magentoRoot != "" {
		in, err := composer.LoadInstallation(f.magentoRoot)
		if err != nil {
			return nil, err
		}
		cat.Installation = in
	}
	return cat, nil
}

func newComposerCmd(p *printer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "composer",
		Short: "Write, update and check a component's composer.json",
		Long: `The composer commands keep a component's composer.json the way Magento
packages and the Marketplace expect it.

Requirements come from the component itself: magento/framework, the
package of every module in etc/module.xml's <sequence>, of a theme's
parent, and of every Magento module whose classes the PHP code uses
(outside Test/). Constraints follow the Magento release: each package
gets MAJOR.MINOR.* of its version in that release; with --magento-root,
packages of the installation that are not Magento's get ^VERSION of
the installed version.`,
	}
	cmd.AddCommand(newComposerInitCmd(p), newComposerUpdateCmd(p), newComposerCheckCmd(p))
	return cmd
}

type composerInitFlags struct {
	catalogFlags
	opts  composer.Options
	force bool
}

func newComposerInitCmd(p *printer) *cobra.Command {
	var f composerInitFlags
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write composer.json for a component that has none",
		Long: `Init writes DIR/composer.json (default DIR ".") for the component there,
and prints its path. It refuses to replace an existing composer.json
unless --force is given; use update to bring one up to date.

Without --version the file has no version key: Composer reads versions
from tags, and advises leaving it out of packages kept in version control.
` + exitStatusHelp,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runComposerInit(p, f, dirArg(args))
		},
	}
	f.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.opts.Name, "name", "", "package name (default: Magento's convention, e.g. acme/module-payments)")
	fl.StringVar(&f.opts.Description, "description", "", "description (default: the README's first sentence)")
	fl.StringVar(&f.opts.License, "license", "proprietary", "licence")
	fl.StringVar(&f.opts.Version, "version", "", "write this version into composer.json")
	fl.BoolVar(&f.force, "force", false, "replace an existing composer.json")
	return cmd
}

func runComposerInit(p *printer, f composerInitFlags, dir string) error {
	cat, err := f.catalog()
	if err != nil {
		return err
	}
	target := filepath.Join(dir, "composer.json")
	if _, err := os.Stat(target); err == nil && !f.force {
		return fmt.Errorf("%s exists; run modpack composer update, or init --force to replace it", target)
	}

	c, err := loadComponent(dir)
	if err != nil {
		return err
	}
	f.opts.Catalog = cat
	doc, gaps, err := composer.Generate(c, f.opts)
	if err != nil {
		return err
	}
	if err := atomic.WriteFile(target, composer.Encode(doc), 0o644); err != nil {
		return err
	}
	for _, g := range gaps {
		p.Printf("warning: %s", g)
	}
	p.Resultf("%s\n", target)
	return nil
}

type composerUpdateFlags struct {
	catalogFlags
	check  bool
	dryRun bool
}

func newComposerUpdateCmd(p *printer) *cobra.Command {
	var f composerUpdateFlags
	cmd := &cobra.Command{
		Use:   "update [DIR]",
		Short: "Bring composer.json in line with the component",
		Long: `Update adds the requirements DIR/composer.json lacks, sets the type, and
makes autoload load registration.php and map the module namespace. It
keeps every other key, their order and existing constraints, and writes
the file in Composer's format; a file that needs no change is not
touched. Requirements the code no longer uses are reported, not removed.

--check changes nothing, prints the diff the update would make on
standard output, and exits 1 when there is one: a CI check that
composer.json is current. --dry-run prints the diff and exits 0.
` + exitStatusHelp,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runComposerUpdate(p, f, dirArg(args))
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVar(&f.check, "check", false, "change nothing; print the diff and exit 1 if an update is needed")
	cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "change nothing; print the diff")
	cmd.MarkFlagsMutuallyExclusive("check", "dry-run")
	return cmd
}

func runComposerUpdate(p *printer, f composerUpdateFlags, dir string) error {
	cat, err := f.catalog()
	if err != nil {
		return err
	}
	c, err := loadComponent(dir)
	if err != nil {
		return err
	}

	target := filepath.Join(dir, "composer.json")
	old, err := os.ReadFile(target)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s does not exist; run modpack composer init", target)
	}
	if err != nil {
		return err
	}
	v, err := composer.Decode(old)
	if err != nil {
		return fmt.Errorf("%s:%v; composer.json was left as it is", target, err)
	}
	doc, ok := v.(*composer.Object)
	if !ok {
		return fmt.Errorf("%s: not a JSON object; composer.json was left as it is", target)
	}

	changes, notes := composer.Update(doc, c, cat)
	for _, n := range notes {
		p.Printf("note: %s", n)
	}
	if len(changes) == 0 {
		p.Verbosef(1, "%s is up to date", target)
		return nil
	}

	updated := composer.Encode(doc)
	if f.check || f.dryRun {
		p.Resultf("%s", textdiff.Unified("a/"+filepath.ToSlash(target), "b/"+filepath.ToSlash(target),
			string(old), string(updated)))
		if f.check {
			p.Printf("%s is out of date; run modpack composer update", target)
			return errReported
		}
		return nil
	}
	if bytes.Equal(old, updated) {
		return nil
	}
	if err := atomic.WriteFile(target, updated, 0o644); err != nil {
		return err
	}
	for _, ch := range changes {
		p.Printf("%s: %s", target, ch)
	}
	return nil
}

func newComposerCheckCmd(p *printer) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Check composer.json against the Marketplace's rules",
		Long: `Check reports what the Marketplace and composer validate --strict would
reject in DIR/composer.json, and where it disagrees with the component.
Validate runs the same checks along with the rest.
` + exitStatusHelp,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runComposerCheck(p, format, dirArg(args))
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json or github")
	return cmd
}

func runComposerCheck(p *printer, format string, dir string) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	r := magento.Check(dir, magento.Options{})
	var kept []magento.Finding
	for _, f := range r.Findings {
		if f.File == "composer.json" {
			kept = append(kept, f)
		}
	}
	r.Findings = kept
	return report(p, format, false, []*magento.Report{r}, nil)
}

// loadComponent reads the component in dir, refusing a directory that
// holds none.
func loadComponent(dir string) (*magento.Component, error) {
	if _, err := os.Stat(filepath.Join(dir, "registration.php")); err != nil {
		return nil, fmt.Errorf("%s: %w; run this in a component directory", dir, magento.ErrNoComponent)
	}
	return magento.Check(dir, magento.Options{}).Component, nil
}

func dirArg(args []string) string {
	if len(args) == 0 {
		return "."
	}
	return args[0]
}
