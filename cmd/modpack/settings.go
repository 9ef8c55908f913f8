package main

import (
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/modpack/modpack/internal/config"
	"github.com/modpack/modpack/internal/gitrepo"
)

// settings are the .modpack.yml in force for a directory: the file at
// the root of the git repository that holds it, or in the directory
// itself outside git.
type settings struct {
	root string
	cfg  *config.Config
}

// loadSettings reads the settings in force for dir. Problems with the
// file are printed, and errReported returned.
func loadSettings(p *printer, dir string) (*settings, error) {
	root := dir
	if repo, err := gitrepo.Open(dir); err == nil {
		root = repo.Root()
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	cfg, err := loadConfig(p, root)
	if err != nil {
		return nil, err
	}
	return &settings{root: root, cfg: cfg}, nil
}

// configure applies the settings in force for dir to the flags of cmd
// that decide the next version, and with git also to those that make
// the release commit.
func configure(p *printer, cmd *cobra.Command, dir string, git bool) (*settings, error) {
	s, err := loadSettings(p, dir)
	if err != nil {
		return nil, err
	}
	list := s.policySettings(s.component(dir))
	if git {
		list = append(list, s.gitSettings()...)
	}
	return s, s.apply(cmd.Flags(), list)
}

// path returns the file name a slash-separated path of the file
// stands for: relative ones are taken from the root.
func (s *settings) path(name string) string {
	name = filepath.FromSlash(name)
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(s.root, name)
}

// componentPaths returns the directories of the configured components,
// or the current directory when the file lists none.
func (s *settings) componentPaths() []string {
	if len(s.cfg.Components) == 0 {
		return []string{"."}
	}
	paths := make([]string, len(s.cfg.Components))
	for i, c := range s.cfg.Components {
		paths[i] = s.path(c.Path)
	}
	return paths
}

// component returns the configured component in the directory dir, or
// nil if the file lists none there or s is nil.
func (s *settings) component(dir string) *config.Component {
	if s == nil {
		return nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	for i, c := range s.cfg.Components {
		if sameDir(s.path(c.Path), abs) {
			return &s.cfg.Components[i]
		}
	}
	return nil
}

// A flagSetting is the value a key of the file gives a flag.
type flagSetting struct {
	key   string // path of the key, as config.Config.IsSet takes it
	flag  string
	value any // string, bool or []string
}

// apply sets each flag of fl that the command line left alone to the
// value its key has in the file. Keys the file does not set leave the
// flags at their own defaults.
func (s *settings) apply(fl *pflag.FlagSet, list []flagSetting) error {
	for _, fs := range list {
		f := fl.Lookup(fs.flag)
		if f == nil || f.Changed || !s.cfg.IsSet(fs.key) {
			continue
		}
		var err error
		switch v := fs.value.(type) {
		case []string:
			err = f.Value.(pflag.SliceValue).Replace(v)
		case bool:
			err = f.Value.Set(strconv.FormatBool(v))
		case string:
			err = f.Value.Set(v)
		}
		if err != nil {
			return fmt.Errorf("%s: %s: %w", s.file(), fs.key, err)
		}
	}
	return nil
}

// file returns the name of the settings file.
func (s *settings) file() string {
	return filepath.Join(s.root, config.FileName)
}

// policySettings are the keys that decide the next version, for the
// component c (nil for none).
func (s *settings) policySettings(c *config.Component) []flagSetting {
	v := s.cfg.Version
	list := []flagSetting{
		{"tag_prefix", "tag-prefix", s.cfg.TagPrefix},
		{"version.minor_types", "minor-types", v.MinorTypes},
		{"version.patch_types", "patch-types", v.PatchTypes},
		{"version.major_zero", "major-zero", v.MajorZero},
		{"version.initial", "initial", v.Initial},
		{"version.prerelease", "pre", v.Prerelease},
	}
	if c == nil {
		return list
	}

	// A component's own prefix wins over the file's, and its commits
	// are those under its directory.
	i := s.componentIndex(c)
	list = append(list, flagSetting{"components", "path", s.path(c.Path)})
	if c.TagPrefix != "" {
		key := fmt.Sprintf("components[%d].tag_prefix", i)
		list = append([]flagSetting{{key, "tag-prefix", c.TagPrefix}}, list...)
	}
	return list
}

func (s *settings) componentIndex(c *config.Component) int {
	for i := range s.cfg.Components {
		if &s.cfg.Components[i] == c {
			return i
		}
	}
	return -1
}

// gitSettings are the keys that make and push release commits.
func (s *settings) gitSettings() []flagSetting {
	g := s.cfg.Git
	author := mail.Address{Name: g.AuthorName, Address: g.AuthorEmail}
	changelog := ""
	if s.cfg.Changelog.Enabled {
		changelog = s.cfg.Changelog.File
	}
	list := []flagSetting{
		{"git.remote", "remote", g.Remote},
		{"git.push", "push", g.Push},
		{"changelog", "changelog", changelog},
	}
	if g.AuthorName != "" {
		list = append(list, flagSetting{"git.author_name", "author", author.String()})
	}
	return list
}

// buildSettings are the keys that say how packages are built.
func (s *settings) buildSettings() []flagSetting {
	b := s.cfg.Build
	return []flagSetting{
		{"tag_prefix", "tag-prefix", s.cfg.TagPrefix},
		{"build.output", "output", s.path(b.Output)},
		{"build.exclude", "exclude", b.Exclude},
		{"build.allow_secrets", "allow-secret", b.AllowSecrets},
		{"build.name_template", "name-template", b.NameTemplate},
		{"build.marketplace", "marketplace", b.Marketplace},
	}
}

// targets returns the configured targets as publish takes them.
func (s *settings) targets() []publishFlags {
	var list []publishFlags
	for i, t := range s.cfg.Targets {
		f := publishFlags{
			label:       fmt.Sprintf("%s targets[%d]", config.FileName, i),
			to:          t.URL,
			baseURL:     t.BaseURL,
			endpoint:    t.Endpoint,
			region:      t.Region,
			pathStyle:   t.PathStyle,
			usernameEnv: t.UsernameEnv,
			passwordEnv: t.PasswordEnv,
			tokenEnv:    t.TokenEnv,
		}
		switch t.Kind {
		case "directory":
			f.to = s.path(t.URL)
		case "s3":
		default:
			f.kind = t.Kind
		}
		list = append(list, f)
	}
	return list
}

// credentialEnv returns the environment as a target reads it: the
// variables its configuration names stand in for modpack's own.
func (f publishFlags) credentialEnv() func(string) string {
	standIns := map[string]string{
		"MODPACK_USERNAME":      f.usernameEnv,
		"MODPACK_PASSWORD":      f.passwordEnv,
		"MODPACK_TOKEN":         f.tokenEnv,
		"AWS_ACCESS_KEY_ID":     f.usernameEnv,
		"AWS_SECRET_ACCESS_KEY": f.passwordEnv,
	}
	return func(name string) string {
		if v := standIns[name]; v != "" {
			return os.Getenv(v)
		}
		return os.Getenv(name)
	}
}

// checkCredentialEnv reports a variable the target names that is not
// set, which would otherwise surface as a refused upload.
func (f publishFlags) checkCredentialEnv() error {
	for _, env := range []struct{ key, name string }{
		{"username_env", f.usernameEnv},
		{"password_env", f.passwordEnv},
		{"token_env", f.tokenEnv},
	} {
		if env.name != "" && os.Getenv(env.name) == "" {
			return fmt.Errorf("%s: %s names %s, which is not set; "+
				"set it to the credential", f.label, env.key, env.name)
		}
	}
	return nil
}
