package main

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/modpack/modpack/internal/atomic"
	"github.com/modpack/modpack/internal/config"
	"github.com/modpack/modpack/magento"
)

func newInitCmd(p *printer) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a commented .modpack.yml for the components under DIR",
		Long: `Init writes DIR/.modpack.yml (DIR defaults to "."), with every setting
at its default and a comment saying what it does. It lists the
components it finds under DIR, as validate does; when there are several,
each gets a tag prefix of its own from its Composer package name, so
that acme/module-payments is tagged module-payments/v1.0.0. The
publishing targets are left as a commented-out example.

Init refuses to replace an existing file unless --force is given. It
prints the file's path on standard output.
` + exitStatusHelp,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(p, dirArg(args), force)
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing .modpack.yml")
	return cmd
}

func runInit(p *printer, dir string, force bool) error {
	name := filepath.Join(dir, config.FileName)
	if _, err := os.Stat(name); err == nil && !force {
		return fmt.Errorf("%s exists; pass --force to replace it", name)
	}

	// The components under dir, each with a tag prefix when there are
	// several.
	dirs, problems := magento.Discover(dir)
	for _, err := range problems {
		if errors.Is(err, magento.ErrNoComponent) {
			p.Printf("no component found under %s; listing none", dir)
			continue
		}
		p.Printf("warning: %v", err)
	}
	comps := make([]initComponent, len(dirs))
	for i, d := range dirs {
		comps[i] = inspectComponent(dir, d)
	}
	if len(comps) > 1 {
		setTagPrefixes(comps)
	}

	// Write only what modpack reads back without complaint.
	data := initFile(comps)
	if _, err := config.Parse(data, name); err != nil {
		return fmt.Errorf("the generated configuration is invalid: %w", err)
	}
	if err := atomic.WriteFile(name, data, 0o644); err != nil {
		return err
	}
	p.Verbosef(1, "%s lists %s", name, plural(len(comps), "component"))
	p.Resultf("%s\n", name)
	return nil
}

// An initComponent is what init writes about a component.
type initComponent struct {
	path      string // slash-separated, relative to the root
	name      string // such as Acme_Payments; "" if unknown
	pkg       string // Composer package name; "" if unknown
	tagPrefix string
}

// inspectComponent reads the name and package name of the component in
// dir, under root, as far as its files state them.
func inspectComponent(root, dir string) initComponent {
	c := initComponent{path: "."}
	if rel, err := filepath.Rel(root, dir); err == nil {
		c.path = filepath.ToSlash(rel)
	}

	// Best effort: validate reports what is wrong with these files.
	src, err := os.ReadFile(filepath.Join(dir, "registration.php"))
	if err == nil {
		if regs, err := magento.ParseRegistration(src); err == nil && len(regs) > 0 {
			c.name = regs[0].Name
			c.pkg = magento.ComposerName(regs[0].Type, regs[0].Name)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "composer.json"))
	if err == nil {
		if cj, _ := magento.ParseComposerJSON(data); cj != nil && cj.Name != "" {
			c.pkg = cj.Name
		}
	}
	return c
}

// notTagChar matches what setTagPrefixes leaves out of a tag prefix.
var notTagChar = regexp.MustCompile(`[^a-z0-9._-]+`)

// setTagPrefixes gives each component a distinct tag prefix: the
// package part of its package name, else the vendor too, else its path.
func setTagPrefixes(comps []initComponent) {
	clean := func(s string) string {
		return strings.Trim(notTagChar.ReplaceAllString(strings.ToLower(s), "-"), "-.") + "/v"
	}
	ways := []func(c initComponent) string{
		func(c initComponent) string {
			if _, pkg, ok := strings.Cut(c.pkg, "/"); ok {
				return clean(pkg)
			}
			return clean(path.Base(c.path))
		},
		func(c initComponent) string { return clean(strings.ReplaceAll(c.pkg, "/", "-")) },
		func(c initComponent) string { return clean(strings.ReplaceAll(c.path, "/", "-")) },
	}

	count := map[string]int{}
	for i := range comps {
		comps[i].tagPrefix = ways[0](comps[i])
		count[comps[i].tagPrefix]++
	}
	for _, way := range ways[1:] {
		for i, c := range comps {
			if count[c.tagPrefix] > 1 {
				count[c.tagPrefix]--
				comps[i].tagPrefix = way(c)
				count[comps[i].tagPrefix]++
			}
		}
	}
}

// initFile returns the text of a commented .modpack.yml that lists
// comps and sets everything else to its default.
func initFile(comps []initComponent) []byte {
	def := config.Default()
	var b strings.Builder
	line := func(text, comment string) {
		if comment == "" {
			b.WriteString(text + "\n")
			return
		}
		fmt.Fprintf(&b, "%-30s # %s\n", text, comment)
	}

	b.WriteString(`# modpack's settings for this repository. Every key is optional, and
# command-line flags override what is set here. "modpack config" prints
# the settings in effect.

# Tags are named <tag_prefix><version>, such as v1.4.0.
`)
	line("tag_prefix: "+yamlString(def.TagPrefix), "")

	b.WriteString(`
# The next version follows from the Conventional Commits since the last
# release; a breaking change releases a major version.
version:
`)
	v := def.Version
	line("  minor_types: "+yamlList(v.MinorTypes), "commit types that release a minor version")
	line("  patch_types: "+yamlList(v.PatchTypes), "commit types that release a patch")
	line(fmt.Sprintf("  major_zero: %t", v.MajorZero), "before 1.0.0, breaking changes bump the minor")
	line("  initial: "+yamlString(v.Initial),
		`the first version, when there is no tag; "" for 0.1.0`)
	line("  prerelease: "+yamlString(v.Prerelease), "a channel, such as rc, releases prereleases")

	b.WriteString(`
# The components to release. Without this list, every component found
# under the root is released; with it, only those listed.
`)
	if len(comps) == 0 {
		b.WriteString("components: []\n")
	} else {
		b.WriteString("components:\n")
	}
	for _, c := range comps {
		line("  - path: "+yamlString(c.path), "")
		if c.name != "" {
			line("    name: "+yamlString(c.name), "")
		}
		if c.tagPrefix != "" {
			line("    tag_prefix: "+yamlString(c.tagPrefix), "tags such as "+c.tagPrefix+"1.0.0")
		}
	}

	bd := def.Build
	b.WriteString("\nbuild:\n")
	line("  output: "+yamlString(bd.Output), "the directory the zips go to")
	line("  exclude: "+yamlList(bd.Exclude), "more Composer-style exclude rules")
	line("  allow_secrets: "+yamlList(bd.AllowSecrets), "paths that may ship although they look secret")
	line("  name_template: "+yamlString(bd.NameTemplate), "")
	line(fmt.Sprintf("  marketplace: %t", bd.Marketplace), "make the Marketplace's 30 MB limit an error")

	b.WriteString(`
# The repositories packages are published to. kind is directory, s3,
# nexus, artifactory, packeton or private-packagist. Credentials come
# from the environment variables named here, never from this file.
targets: []
#  - kind: nexus
#    url: https://nexus.example.com/repository/composer-private
#    username_env: NEXUS_USER
#    password_env: NEXUS_PASSWORD
#  - kind: s3
#    url: s3://acme-packages/composer
#    base_url: https://packages.example.com/composer
#    region: eu-west-1
`)

	cl := def.Changelog
	b.WriteString("\nchangelog:\n")
	line("  file: "+yamlString(cl.File), "")
	line(fmt.Sprintf("  enabled: %t", cl.Enabled), "write release notes to file")

	g := def.Git
	b.WriteString("\ngit:\n")
	line("  author_name: "+yamlString(g.AuthorName), `"" uses git's own configuration`)
	line("  author_email: "+yamlString(g.AuthorEmail), "")
	line("  remote: "+yamlString(g.Remote), "")
	line(fmt.Sprintf("  push: %t", g.Push), "push the release commit and tag")
	return []byte(b.String())
}

// yamlString returns s as a YAML scalar, quoted when it must be.
func yamlString(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// yamlList returns list as a YAML flow sequence.
func yamlList(list []string) string {
	items := make([]string, len(list))
	for i, s := range list {
		items[i] = yamlString(s)
	}
	return "[" + strings.Join(items, ", ") + "]"
}

func newConfigCmd(p *printer) *cobra.Command {
	return &cobra.Command{
		Use:   "config [DIR]",
		Short: "Print the configuration in effect in DIR",
		Long: `Config prints, as YAML on standard output, the settings in effect in
DIR (default "."): the defaults, overridden by DIR/.modpack.yml when it
exists. Flags given to other commands override these in turn.

Every problem with the file is printed on standard error as
FILE:LINE: problem, and the exit status is 1.
` + exitStatusHelp,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(p, dirArg(args))
			if err != nil {
				return err
			}
			data, err := cfg.YAML()
			if err != nil {
				return err
			}
			_, err = p.stdout.Write(data)
			return err
		},
	}
}

// loadConfig reads the .modpack.yml in dir. It prints the problems with
// the file, one per line, and then returns errReported.
func loadConfig(p *printer, dir string) (*config.Config, error) {
	cfg, err := config.Load(dir)
	var ce *config.Error
	if err == nil || !errors.As(err, &ce) {
		return cfg, err
	}

	problems := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		problems = joined.Unwrap()
	}
	for _, e := range problems {
		fmt.Fprintln(p.stderr, e)
	}
	p.Printf("%s in %s", plural(len(problems), "problem"), ce.File)
	return nil, errReported
}
