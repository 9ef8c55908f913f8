// Package config reads .modpack.yml, the file at the root of a
// repository that sets modpack's defaults for it. Every key is optional;
// a missing key keeps its default, and command-line flags override
// both.
//
// The file is read strictly, so that a typo cannot silently turn a
// setting off:
//
//   - an unknown key is an error, with the nearest known key suggested;
//   - a value of the wrong shape (a list where a map belongs, a string
//     where true or false belongs) is an error;
//   - a repeated key is an error;
//   - credentials are never written in the file: a key such as password
//     or token is an error, and targets name the environment variables
//     that hold them (password_env, token_env);
//   - target kinds, URLs, version numbers and templates must be valid.
//
// Every problem is reported, each with the file name and line, as an
// [*Error], and all of them are returned at once.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/Masterminds/semver/v3"
	"gopkg.in/yaml.v3"

	"github.com/modpack/modpack/internal/textdist"
	"github.com/modpack/modpack/pack"
	"github.com/modpack/modpack/versioning"
)

// FileName is the name of the configuration file at a repository's
// root.
const FileName = ".modpack.yml"

// A Config is the content of .modpack.yml, over the defaults.
type Config struct {
	// TagPrefix comes before the version in a tag name, as in v1.4.0.
	TagPrefix string `yaml:"tag_prefix"`

	// Version is the policy that picks the next version.
	Version Version `yaml:"version"`

	// Components lists the components to release. Empty means every
	// component found under the root.
	Components []Component `yaml:"components"`

	// Build says how packages are built.
	Build Build `yaml:"build"`

	// Targets are the repositories packages are published to.
	Targets []Target `yaml:"targets"`

	// Changelog says whether and where release notes are written.
	Changelog Changelog `yaml:"changelog"`

	// Git says how release commits and tags are made and pushed.
	Git Git `yaml:"git"`

	file  string         // the name given to Parse
	lines map[string]int // line of each key path read from the file
	bad   map[string]bool
}

// A Version is the policy that picks the next version from the
// Conventional Commits since the last release.
type Version struct {
	MinorTypes []string `yaml:"minor_types"` // commit types that release a minor version
	PatchTypes []string `yaml:"patch_types"` // commit types that release a patch
	MajorZero  bool     `yaml:"major_zero"`  // before 1.0.0, breaking changes bump the minor version
	Initial    string   `yaml:"initial"`     // the first version, when there is no tag; "" for 0.1.0, or 1.0.0 after a breaking change without major_zero
	Prerelease string   `yaml:"prerelease"`  // channel of prereleases, such as rc; "" for final releases
}

// A Component is one component of the repository to release.
type Component struct {
	Path      string `yaml:"path"`       // slash-separated, relative to the root
	Name      string `yaml:"name"`       // such as Acme_Payments; "" to read it from the component
	TagPrefix string `yaml:"tag_prefix"` // "" for the top-level tag_prefix
}

// A Build says how packages are built.
type Build struct {
	Output       string   `yaml:"output"`        // directory the zips are written to
	Exclude      []string `yaml:"exclude"`       // extra Composer-style exclude rules
	AllowSecrets []string `yaml:"allow_secrets"` // paths that may ship although they look like secrets
	NameTemplate string   `yaml:"name_template"` // zip name from {{.Vendor}}, {{.Package}}, {{.Version}}
	Marketplace  bool     `yaml:"marketplace"`   // the Marketplace's 30 MB limit is an error
}

// A Target is a Composer repository that packages are published to.
// Credentials are named by environment variable, never given.
type Target struct {
	Kind        string `yaml:"kind"`         // one of [Kinds]
	URL         string `yaml:"url"`          // a directory (relative to the root), s3://bucket/prefix or the registry's URL
	BaseURL     string `yaml:"base_url"`     // where a directory or S3 repository is served
	Endpoint    string `yaml:"endpoint"`     // S3 only: the endpoint URL
	Region      string `yaml:"region"`       // S3 only
	PathStyle   bool   `yaml:"path_style"`   // S3 only: address the bucket in the path
	UsernameEnv string `yaml:"username_env"` // variable holding the user name
	PasswordEnv string `yaml:"password_env"` // variable holding the password
	TokenEnv    string `yaml:"token_env"`    // variable holding the token
}

// A Changelog says whether and where release notes are written.
type Changelog struct {
	File    string `yaml:"file"`    // slash-separated, relative to each component
	Enabled bool   `yaml:"enabled"` // write release notes to File
}

// A Git says how release commits and tags are made and pushed.
type Git struct {
	AuthorName  string `yaml:"author_name"`  // "" for git's own configuration
	AuthorEmail string `yaml:"author_email"` // "" for git's own configuration
	Remote      string `yaml:"remote"`       // the remote to push to
	Push        bool   `yaml:"push"`         // push the release commit and tag
}

// Kinds are the kinds of target: a static repository in a directory or
// S3, or a hosted registry.
var Kinds = []string{"directory", "s3", "nexus", "artifactory", "packeton", "private-packagist"}

// An Error is one problem with a configuration.
type Error struct {
	File string // as given to Parse; "" for a Config not read from a file
	Line int    // 1-based; 0 when the problem has no place in the file
	Key  string // path of the key, such as "targets[1].url"; "" for the top level
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	}
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Default returns the configuration that applies when .modpack.yml is
// missing or empty.
func Default() *Config {
	opts := versioning.DefaultOptions()
	return &Config{
		TagPrefix: "v",
		Version: Version{
			MinorTypes: opts.MinorTypes,
			PatchTypes: opts.PatchTypes,
			MajorZero:  opts.MajorZero,
		},
		Build:     Build{Output: "dist", NameTemplate: pack.DefaultNameTemplate},
		Changelog: Changelog{File: "CHANGELOG.md", Enabled: true},
		Git:       Git{Remote: "origin"},
	}
}

// Load reads .modpack.yml in the directory root, as [Parse] does. A
// missing file gives the defaults and no error.
func Load(root string) (*Config, error) {
	name := filepath.Join(root, FileName)
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(data, name)
}

// Parse reads a configuration from data over the defaults, and
// validates it. name stands for the file in errors. The error joins
// one [*Error] for each problem; even then, Parse returns the
// configuration as far as it could be read.
func Parse(data []byte, name string) (*Config, error) {
	c := Default()
	c.file = name
	c.lines = map[string]int{}
	c.bad = map[string]bool{}

	// A syntax error stops the reading; a second document does not.
	root, err := parseYAML(data)
	if err != nil {
		err.File = name
		if root == nil {
			return c, err
		}
	}
	if root == nil {
		return c, nil
	}

	d := &decoder{c: c}
	if err != nil {
		d.errs = append(d.errs, err)
	}
	d.value(root, reflect.ValueOf(c).Elem(), "")
	errs := d.errs
	if err := c.Validate(); err != nil {
		errs = append(errs, err.(interface{ Unwrap() []error }).Unwrap()...)
	}
	slices.SortStableFunc(errs, func(a, b error) int {
		return a.(*Error).Line - b.(*Error).Line
	})
	if d.full || len(errs) > maxErrors {
		keep := errs[:min(len(errs), maxErrors)]
		last := keep[len(keep)-1].(*Error)
		errs = append(keep, &Error{
			File: name, Line: last.Line, Err: errors.New("too many problems; fix these first"),
		})
	}
	return c, errors.Join(errs...)
}

// parseYAML returns the top node of the first document in data, nil
// when data holds no document, and a syntax error or the error that
// there is a second document.
func parseYAML(data []byte) (*yaml.Node, *Error) {
	// The YAML parser leaves the line out of some errors; these two
	// kinds can be placed here.
	if line, r, ok := badChar(data); ok {
		return nil, &Error{Line: line, Err: fmt.Errorf("character %U is not allowed", r)}
	}

	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err == io.EOF {
		return nil, nil
	} else if err != nil {
		return nil, syntaxError(data, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]

	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
		return root, nil
	case err != nil:
		return nil, syntaxError(data, err)
	}
	return root, &Error{Line: next.Line, Err: errors.New("a second YAML document; keep one")}
}

// badChar returns the line of the first byte that is not valid UTF-8 or
// is a control character YAML does not allow.
func badChar(data []byte) (line int, r rune, ok bool) {
	line = 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		switch {
		case r == utf8.RuneError && size == 1:
			return line, rune(data[0]), true
		case r == '\n':
			line++
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7f:
			return line, r, true
		}
		data = data[size:]
	}
	return 0, 0, false
}

// yamlLine matches the line number the YAML parser puts in most errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parserProblems are the errors of the YAML parser proper, whose line
// numbers count from 0; those of its scanner count from 1.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// syntaxError turns an error of the YAML parser into an [*Error] with a
// line: the parser's, or the best guess when it gave none.
func syntaxError(data []byte, err error) *Error {
	last := 1 + bytes.Count(bytes.TrimRight(data, "\n"), []byte("\n"))
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if parserProblems[msg] {
			line++
		}
		return &Error{Line: min(line, last), Err: errors.New(msg)}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")

	// Without a number, the parser means the first line, except for an
	// unknown alias and the end of the input.
	line := 1
	_, name, ok := strings.Cut(msg, "unknown anchor '")
	name, _, _ = strings.Cut(name, "'")
	switch {
	case ok:
		if i := bytes.Index(data, []byte("*"+name)); i >= 0 {
			line += bytes.Count(data[:i], []byte("\n"))
		}
	case strings.Contains(msg, "end of stream"):
		line = last
	}
	return &Error{Line: line, Err: errors.New(msg)}
}

// A decoder fills a Config from a YAML node tree, recording the line of
// every key and every problem.
type decoder struct {
	c    *Config
	errs []error
	full bool // maxErrors reached: stop reading
}

// maxErrors bounds the problems reported for one file, and with them the
// work that a file full of aliases can cause.
const maxErrors = 50

func (d *decoder) errorf(n *yaml.Node, key, format string, args ...any) {
	if len(d.errs) == maxErrors {
		d.full = true
		return
	}
	d.errs = append(d.errs, &Error{
		File: d.c.file, Line: n.Line, Key: key, Err: fmt.Errorf(format, args...),
	})
}

// wrongType reports that n is not the want that belongs at key, and
// keeps Validate from reporting more about key.
func (d *decoder) wrongType(n *yaml.Node, key, want string) {
	d.c.bad[key] = true
	d.errorf(n, key, "want %s, got %s", want, describe(n))
}

// value decodes n into v, the value at key. A null value leaves v as it
// was.
func (d *decoder) value(n *yaml.Node, v reflect.Value, key string) {
	if d.full {
		return
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	d.c.lines[key] = n.Line
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return
	}

	switch v.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.wrongType(n, key, "a map of keys")
			return
		}
		d.mapping(n, v, key)

	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.wrongType(n, key, "a list")
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.value(item, s.Index(i), fmt.Sprintf("%s[%d]", key, i))
		}
		v.Set(s)

	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.wrongType(n, key, "a string")
			return
		}
		v.SetString(n.Value)

	case reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || err != nil {
			d.wrongType(n, key, "true or false")
			return
		}
		v.SetBool(b)
	}
}

// mapping decodes the keys of n into the fields of the struct v.
func (d *decoder) mapping(n *yaml.Node, v reflect.Value, key string) {
	fields := map[string]int{}
	var names []string
	for i := range v.NumField() {
		if name, ok := v.Type().Field(i).Tag.Lookup("yaml"); ok {
			fields[name] = i
			names = append(names, name)
		}
	}

	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content) && !d.full; i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, key, "want a key, got %s", describe(k))
			continue
		}
		if line, ok := seen[k.Value]; ok {
			d.errorf(k, key, "key %q repeats the one on line %d", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line

		f, ok := fields[k.Value]
		if !ok {
			d.errorf(k, key, "%s", unknownKey(k.Value, names))
			continue
		}
		child := k.Value
		if key != "" {
			child = key + "." + k.Value
		}
		d.value(val, v.Field(f), child)
		d.c.lines[child] = k.Line
	}
}

// credentialKeys maps keys that would hold a credential to the key that
// names its environment variable instead.
var credentialKeys = map[string]string{
	"username":   "username_env",
	"user":       "username_env",
	"password":   "password_env",
	"pass":       "password_env",
	"passwd":     "password_env",
	"secret":     "password_env",
	"secret_key": "password_env",
	"access_key": "username_env",
	"token":      "token_env",
	"api_token":  "token_env",
	"api_key":    "token_env",
	"auth":       "token_env",
}

// unknownKey describes the unknown key k of a map whose keys are names,
// with the fix.
func unknownKey(k string, names []string) string {
	if env, ok := credentialKeys[strings.ToLower(k)]; ok {
		if slices.Contains(names, env) {
			return fmt.Sprintf("%q would put a credential in the file; "+
				"set %s to the name of the environment variable that holds it", k, env)
		}
		return fmt.Sprintf("%q would put a credential in the file; "+
			"name its environment variable with %s in a target", k, env)
	}
	msg := fmt.Sprintf("unknown key %q", k)
	if s := suggest(k, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return msg
}

// suggest returns the name closest to k, or "" if none is close enough
// to be a likely typo.
func suggest(k string, names []string) string {
	fold := func(s string) string {
		return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(s))
	}
	best, bestDist := "", 0
	for _, name := range names {
		if fold(name) == fold(k) {
			return name
		}
		// A key cut short, such as base for base_url, counts as close.
		dist := textdist.Levenshtein(k, name)
		if len(k) >= 3 && strings.HasPrefix(fold(name), fold(k)) {
			dist = 1
		}
		if dist <= max(1, len(name)/3) && (best == "" || dist < bestDist) {
			best, bestDist = name, dist
		}
	}
	return best
}

// describe names the kind of value n holds, for errors.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!str" {
			return fmt.Sprintf("the string %q", n.Value)
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

// Validate reports every value of c that modpack cannot act on, as
// [*Error] values joined into one error. A problem is placed on the
// line of its key when c was read from a file.
func (c *Config) Validate() error {
	v := &validator{c: c}

	checkTagPrefix(v, "tag_prefix", c.TagPrefix)
	v.version()
	v.components()
	v.build()
	for i, t := range c.Targets {
		v.target(fmt.Sprintf("targets[%d]", i), t)
	}
	if c.Changelog.Enabled && c.Changelog.File == "" {
		v.errorf("changelog.file", "is empty; name the file, or set enabled: false")
	}
	if c.Git.Remote == "" {
		v.errorf("git.remote", "is empty; name the remote to push to, such as origin")
	}
	switch name, email := c.Git.AuthorName, c.Git.AuthorEmail; {
	case name != "" && email == "":
		v.errorf("git.author_name", "is set without author_email; set both, or neither")
	case name == "" && email != "":
		v.errorf("git.author_email", "is set without author_name; set both, or neither")
	}
	if e := c.Git.AuthorEmail; e != "" && !strings.Contains(e, "@") {
		v.errorf("git.author_email", "%q is not an email address", e)
	}
	return errors.Join(v.errs...)
}

// A validator collects the problems of a Config.
type validator struct {
	c    *Config
	errs []error
}

// errorf records a problem with the value at key, unless reading the
// file already reported one there.
func (v *validator) errorf(key, format string, args ...any) {
	for k := key; k != ""; k = parentKey(k) {
		if v.c.bad[k] {
			return
		}
	}
	// A value the file does not set, such as a default that clashes
	// with one it does, is placed on the nearest key the file sets.
	line := 0
	for k := key; k != "" && line == 0; k = parentKey(k) {
		line = v.c.lines[k]
	}
	v.errs = append(v.errs, &Error{
		File: v.c.file, Line: line, Key: key, Err: fmt.Errorf(format, args...),
	})
}

// parentKey returns the key that holds key: "targets[0]" for
// "targets[0].url", "targets" for "targets[0]".
func parentKey(key string) string {
	i := strings.LastIndexAny(key, ".[")
	if i < 0 {
		return ""
	}
	return key[:i]
}

func (v *validator) version() {
	ver := v.c.Version

	// Commit types are words, each releasing one level.
	checkTypes := func(key string, types []string) {
		for i, t := range types {
			if !commitType.MatchString(t) {
				v.errorf(fmt.Sprintf("%s[%d]", key, i),
					"%q is not a commit type such as feat or fix", t)
			}
		}
	}
	checkTypes("version.minor_types", ver.MinorTypes)
	checkTypes("version.patch_types", ver.PatchTypes)
	for i, t := range ver.PatchTypes {
		if slices.ContainsFunc(ver.MinorTypes, func(m string) bool { return strings.EqualFold(m, t) }) {
			v.errorf(fmt.Sprintf("version.patch_types[%d]", i),
				"%q is in minor_types too; keep it in one list", t)
		}
	}

	// The first version and the prerelease channel make a SemVer
	// version such as 0.1.0-rc.1.
	if ver.Initial != "" {
		if _, err := semver.StrictNewVersion(strings.TrimPrefix(ver.Initial, "v")); err != nil {
			v.errorf("version.initial", "%q is not a version such as 0.1.0", ver.Initial)
		}
	}
	if p := ver.Prerelease; p != "" && !channel.MatchString(p) {
		v.errorf("version.prerelease", "%q is not a prerelease channel such as rc or beta", p)
	}
}

var (
	// commitType is the shape of a Conventional Commits type.
	commitType = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

	// channel is one SemVer prerelease identifier that is not a number.
	channel = regexp.MustCompile(`^[0-9A-Za-z-]*[A-Za-z-][0-9A-Za-z-]*$`)

	// envName is the shape of an environment variable name.
	envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

func (v *validator) components() {
	paths := map[string]bool{}
	prefixes := map[string]bool{}
	for i, comp := range v.c.Components {
		key := fmt.Sprintf("components[%d]", i)

		// A path inside the root, named once.
		p := path.Clean(comp.Path)
		switch {
		case comp.Path == "":
			v.errorf(key+".path", "is missing; give the component's directory")
		case !filepath.IsLocal(filepath.FromSlash(p)):
			v.errorf(key+".path", "%q is not a relative path inside the repository", comp.Path)
		case paths[p]:
			v.errorf(key+".path", "%q is listed twice", comp.Path)
		}
		paths[p] = true

		// Tag prefixes keep each component's tags apart.
		if comp.TagPrefix == "" {
			continue
		}
		checkTagPrefix(v, key+".tag_prefix", comp.TagPrefix)
		if prefixes[comp.TagPrefix] {
			v.errorf(key+".tag_prefix", "%q is another component's tag prefix too",
				comp.TagPrefix)
		}
		prefixes[comp.TagPrefix] = true
	}
}

// checkTagPrefix reports a prefix that git refuses in a tag name.
func checkTagPrefix(v *validator, key, prefix string) {
	if strings.ContainsAny(prefix, " \t~^:?*[\\") || strings.Contains(prefix, "..") ||
		strings.HasPrefix(prefix, "/") || strings.HasPrefix(prefix, "-") {
		v.errorf(key, "%q cannot start a git tag name", prefix)
	}
}

func (v *validator) build() {
	b := v.c.Build
	if b.Output == "" {
		v.errorf("build.output", "is empty; name the directory for the zips")
	}
	for i, rule := range b.Exclude {
		if strings.TrimSpace(rule) == "" {
			v.errorf(fmt.Sprintf("build.exclude[%d]", i), "is empty")
		}
	}
	for i, p := range b.AllowSecrets {
		if strings.TrimSpace(p) == "" {
			v.errorf(fmt.Sprintf("build.allow_secrets[%d]", i), "is empty")
		}
	}

	// The template must give a file name for a typical package; empty
	// means the default.
	if b.NameTemplate == "" {
		return
	}
	t, err := template.New("name").Option("missingkey=error").Parse(b.NameTemplate)
	if err != nil {
		v.errorf("build.name_template", "%v", err)
		return
	}
	var name strings.Builder
	err = t.Execute(&name, map[string]string{
		"Vendor": "acme", "Package": "module-payments", "Version": "1.0.0",
	})
	switch s := name.String(); {
	case err != nil:
		v.errorf("build.name_template", "%v", err)
	case s == "" || s == "." || s == ".." || strings.ContainsAny(s, `/\`):
		v.errorf("build.name_template", "gives %q, which is no file name", s)
	}
}

func (v *validator) target(key string, t Target) {
	// A known kind, and a URL of the shape that kind takes.
	registry := false
	switch {
	case t.Kind == "":
		v.errorf(key+".kind", "is missing; use one of %s", strings.Join(Kinds, ", "))
	case !slices.Contains(Kinds, t.Kind):
		v.errorf(key+".kind", "unknown kind %q; use one of %s", t.Kind, strings.Join(Kinds, ", "))
	default:
		registry = t.Kind != "directory" && t.Kind != "s3"
	}
	u, err := url.Parse(t.URL)
	switch {
	case t.URL == "":
		v.errorf(key+".url", "is missing; give the %s", urlWant(t.Kind))
	case err != nil:
		v.errorf(key+".url", "%q does not parse as a URL", t.URL)
	case u.User != nil:
		v.errorf(key+".url", "holds a user name or password; "+
			"use username_env and password_env instead")
	case t.Kind == "s3" && (u.Scheme != "s3" || u.Host == ""):
		v.errorf(key+".url", "%q is not an s3://BUCKET/PREFIX URL", t.URL)
	case registry && !isHTTP(u):
		v.errorf(key+".url", "%q is not an http or https URL", t.URL)
	case t.Kind == "directory" && strings.Contains(t.URL, "://") && u.Scheme != "file":
		v.errorf(key+".url", "%q is neither a directory nor a file:// URL", t.URL)
	}

	// base_url and the S3 settings apply to some kinds only.
	if t.BaseURL != "" {
		bu, err := url.Parse(t.BaseURL)
		switch {
		case registry:
			v.errorf(key+".base_url", "applies to directory and s3 targets only")
		case err != nil || !isHTTP(bu) && bu.Scheme != "file":
			v.errorf(key+".base_url", "%q is not an http, https or file URL", t.BaseURL)
		}
	} else if t.Kind == "s3" {
		v.errorf(key+".base_url", "is missing; give the http(s) URL the bucket is served at")
	}
	if t.Kind != "s3" && t.Kind != "" {
		for _, s3 := range []struct {
			key string
			set bool
		}{
			{"endpoint", t.Endpoint != ""},
			{"region", t.Region != ""},
			{"path_style", t.PathStyle},
		} {
			if s3.set {
				v.errorf(key+"."+s3.key, "applies to s3 targets only")
			}
		}
	}

	// Credentials are named, not given.
	for _, env := range []struct{ key, name string }{
		{"username_env", t.UsernameEnv},
		{"password_env", t.PasswordEnv},
		{"token_env", t.TokenEnv},
	} {
		if env.name != "" && !envName.MatchString(env.name) {
			v.errorf(key+"."+env.key, "is not an environment variable name; "+
				"give the variable's name, never the secret itself")
		}
	}
}

// urlWant describes the URL a target of kind takes.
func urlWant(kind string) string {
	switch kind {
	case "directory":
		return "repository's directory"
	case "s3":
		return "s3://BUCKET/PREFIX URL"
	case "":
		return "repository's URL"
	}
	return "registry's http(s) URL"
}

func isHTTP(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// IsSet reports whether the file c was read from sets the key at the
// path key, such as "version.initial" or "build".
func (c *Config) IsSet(key string) bool {
	_, ok := c.lines[key]
	return ok
}

// YAML returns c as YAML, every key included.
func (c *Config) YAML() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
