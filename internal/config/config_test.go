package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/modpack/modpack/internal/config"
)

// TestParseEveryKey sets every key to something other than its default.
func TestParseEveryKey(t *testing.T) {
	data, err := os.ReadFile("testdata/every_key.yml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := config.Parse(data, "every_key.yml")
	if err != nil {
		t.Fatalf("Parse(every_key.yml): %v", err)
	}

	want := config.Config{
		TagPrefix: "release-",
		Version: config.Version{
			MinorTypes: []string{"feat", "feature"},
			PatchTypes: []string{"fix"},
			MajorZero:  false,
			Initial:    "1.0.0",
			Prerelease: "rc",
		},
		Components: []config.Component{
			{Path: "app/code/Acme/Payments", Name: "Acme_Payments", TagPrefix: "module-payments/v"},
			{Path: "app/code/Acme/Shipping"},
		},
		Build: config.Build{
			Output:       "build/zips",
			Exclude:      []string{"/docs", "*.md"},
			AllowSecrets: []string{"etc/env.php.sample"},
			NameTemplate: "{{.Package}}_{{.Version}}.zip",
			Marketplace:  true,
		},
		Targets: []config.Target{
			{Kind: "directory", URL: "/srv/composer", BaseURL: "https://composer.acme.example"},
			{
				Kind: "s3", URL: "s3://acme/composer", BaseURL: "https://cdn.acme.example",
				Endpoint: "https://minio.acme.example", Region: "eu-west-1", PathStyle: true,
				UsernameEnv: "S3_KEY", PasswordEnv: "S3_SECRET",
			},
			{
				Kind: "nexus", URL: "https://nexus.acme.example/repository/composer",
				UsernameEnv: "NEXUS_USER", PasswordEnv: "NEXUS_PASSWORD",
			},
			{Kind: "private-packagist", URL: "https://packagist.com", TokenEnv: "PACKAGIST_TOKEN"},
		},
		Changelog: config.Changelog{File: "docs/CHANGES.md", Enabled: false},
		Git: config.Git{
			AuthorName: "Release Bot", AuthorEmail: "bot@acme.example",
			Remote: "upstream", Push: false,
		},
	}
	sections := []struct {
		name      string
		got, want any
	}{
		{"tag_prefix", c.TagPrefix, want.TagPrefix},
		{"version", c.Version, want.Version},
		{"components", c.Components, want.Components},
		{"build", c.Build, want.Build},
		{"targets", c.Targets, want.Targets},
		{"changelog", c.Changelog, want.Changelog},
		{"git", c.Git, want.Git},
	}
	for _, s := range sections {
		if !reflect.DeepEqual(s.got, s.want) {
			t.Errorf("Parse(every_key.yml) %s = %+v, want %+v", s.name, s.got, s.want)
		}
	}
}

func TestParseDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"comments only", "# nothing set yet\n"},
		{"empty map", "{}\n"},
		{"null sections", "version:\nbuild:\ntargets:\n"},
	}
	want, err := config.Default().YAML()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		c, err := config.Parse([]byte(tt.in), ".modpack.yml")
		if err != nil {
			t.Errorf("Parse(%s): %v", tt.name, err)
			continue
		}
		if got, _ := c.YAML(); string(got) != string(want) {
			t.Errorf("Parse(%s) =\n%s\nwant the defaults:\n%s", tt.name, got, want)
		}
	}
}

// TestDefault checks a few defaults that users rely on.
func TestDefault(t *testing.T) {
	c := config.Default()
	if c.TagPrefix != "v" || c.Version.Initial != "" || !c.Version.MajorZero ||
		c.Build.Output != "dist" || c.Git.Remote != "origin" || c.Git.Push ||
		c.Changelog.File != "CHANGELOG.md" || c.Components != nil || c.Targets != nil {
		t.Errorf("Default() = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Default().Validate() = %v, want nil", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // one line per problem, in order
	}{
		{
			"unknown key",
			"tag_prefix: v\ntargts: []\n",
			[]string{`.modpack.yml:2: unknown key "targts"; did you mean "targets"?`},
		},
		{
			"unknown nested key",
			"build:\n  outptu: out\n  exlude: []\n  colour: red\n",
			[]string{
				`.modpack.yml:2: build: unknown key "outptu"; did you mean "output"?`,
				`.modpack.yml:3: build: unknown key "exlude"; did you mean "exclude"?`,
				`.modpack.yml:4: build: unknown key "colour"`,
			},
		},
		{
			"dashes for underscores",
			"tag-prefix: v\n",
			[]string{`.modpack.yml:1: unknown key "tag-prefix"; did you mean "tag_prefix"?`},
		},
		{
			"list for map",
			"version:\n  - feat\n",
			[]string{`.modpack.yml:2: version: want a map of keys, got a list`},
		},
		{
			"map for list",
			"targets:\n  kind: s3\n",
			[]string{`.modpack.yml:2: targets: want a list, got a map`},
		},
		{
			"string for bool",
			"git:\n  push: yes\n",
			[]string{`.modpack.yml:2: git.push: want true or false, got the string "yes"`},
		},
		{
			"number for bool",
			"build:\n  marketplace: 1\n",
			[]string{`.modpack.yml:2: build.marketplace: want true or false, got "1"`},
		},
		{
			"string for list",
			"version:\n  minor_types: feat\n",
			[]string{`.modpack.yml:2: version.minor_types: want a list, got the string "feat"`},
		},
		{
			"map for string",
			"tag_prefix: {a: b}\n",
			[]string{`.modpack.yml:1: tag_prefix: want a string, got a map`},
		},
		{
			"not a map",
			"- a\n- b\n",
			[]string{`.modpack.yml:1: want a map of keys, got a list`},
		},
		{
			"repeated key",
			"git:\n  push: true\ngit:\n  push: false\n",
			[]string{`.modpack.yml:3: key "git" repeats the one on line 1`},
		},
		{
			"literal password",
			"targets:\n  - kind: nexus\n    url: https://nexus.example\n    password: hunter2\n",
			[]string{`.modpack.yml:4: targets[0]: "password" would put a credential in the file; ` +
				`set password_env to the name of the environment variable that holds it`},
		},
		{
			"literal token at the top",
			"token: abc\n",
			[]string{`.modpack.yml:1: "token" would put a credential in the file; ` +
				`name its environment variable with token_env in a target`},
		},
		{
			"password in url",
			"targets:\n  - kind: nexus\n    url: https://bot:hunter2@nexus.example\n",
			[]string{`.modpack.yml:3: targets[0].url: holds a user name or password; ` +
				`use username_env and password_env instead`},
		},
		{
			"secret in an _env key",
			"targets:\n  - kind: nexus\n    url: https://nexus.example\n    token_env: 'abc/def+123='\n",
			[]string{`.modpack.yml:4: targets[0].token_env: is not an environment variable name; ` +
				`give the variable's name, never the secret itself`},
		},
		{
			"bad kind",
			"targets:\n  - kind: nexxus\n    url: https://nexus.example\n",
			[]string{`.modpack.yml:2: targets[0].kind: unknown kind "nexxus"; ` +
				`use one of directory, s3, nexus, artifactory, packeton, private-packagist`},
		},
		{
			"no kind, no url",
			"targets:\n  - base_url: https://x.example\n",
			[]string{
				`.modpack.yml:2: targets[0].kind: is missing; use one of directory, s3, nexus, artifactory, packeton, private-packagist`,
				`.modpack.yml:2: targets[0].url: is missing; give the repository's URL`,
			},
		},
		{
			"s3 without s3 url",
			"targets:\n  - kind: s3\n    url: https://bucket.example\n    base_url: https://cdn.example\n",
			[]string{`.modpack.yml:3: targets[0].url: "https://bucket.example" is not an s3://BUCKET/PREFIX URL`},
		},
		{
			"s3 without base_url",
			"targets:\n  - kind: s3\n    url: s3://bucket/composer\n",
			[]string{`.modpack.yml:2: targets[0].base_url: is missing; give the http(s) URL the bucket is served at`},
		},
		{
			"registry without http url",
			"targets:\n  - kind: artifactory\n    url: /srv/composer\n    region: eu\n",
			[]string{
				`.modpack.yml:3: targets[0].url: "/srv/composer" is not an http or https URL`,
				`.modpack.yml:4: targets[0].region: applies to s3 targets only`,
			},
		},
		{
			"directory with an http url",
			"targets:\n  - kind: directory\n    url: https://x.example\n",
			[]string{`.modpack.yml:3: targets[0].url: "https://x.example" is neither a directory nor a file:// URL`},
		},
		{
			"bad semver",
			"version:\n  initial: 1.0\n",
			[]string{`.modpack.yml:2: version.initial: "1.0" is not a version such as 0.1.0`},
		},
		{
			"bad prerelease channel",
			"version:\n  prerelease: rc.1\n",
			[]string{`.modpack.yml:2: version.prerelease: "rc.1" is not a prerelease channel such as rc or beta`},
		},
		{
			"type in both lists",
			"version:\n  patch_types: [fix, feat]\n",
			[]string{`.modpack.yml:2: version.patch_types[1]: "feat" is in minor_types too; keep it in one list`},
		},
		{
			"components",
			"components:\n  - path: ../other\n  - name: Acme_X\n  - path: a\n    tag_prefix: x/v\n" +
				"  - path: a/\n    tag_prefix: x/v\n",
			[]string{
				`.modpack.yml:2: components[0].path: "../other" is not a relative path inside the repository`,
				`.modpack.yml:3: components[1].path: is missing; give the component's directory`,
				`.modpack.yml:6: components[3].path: "a/" is listed twice`,
				`.modpack.yml:7: components[3].tag_prefix: "x/v" is another component's tag prefix too`,
			},
		},
		{
			"bad tag prefix",
			"tag_prefix: 'release v'\n",
			[]string{`.modpack.yml:1: tag_prefix: "release v" cannot start a git tag name`},
		},
		{
			"bad name template",
			"build:\n  name_template: '{{.Vendor}/{{.Version}}.zip'\n",
			[]string{`.modpack.yml:2: build.name_template: template: name:1: bad character U+007D '}'`},
		},
		{
			"name template with a directory",
			"build:\n  name_template: '{{.Vendor}}/{{.Version}}.zip'\n",
			[]string{`.modpack.yml:2: build.name_template: gives "acme/1.0.0.zip", which is no file name`},
		},
		{
			"git and changelog",
			"changelog:\n  file: ''\ngit:\n  remote: ''\n  author_email: bot\n",
			[]string{
				`.modpack.yml:2: changelog.file: is empty; name the file, or set enabled: false`,
				`.modpack.yml:4: git.remote: is empty; name the remote to push to, such as origin`,
				`.modpack.yml:5: git.author_email: is set without author_name; set both, or neither`,
				`.modpack.yml:5: git.author_email: "bot" is not an email address`,
			},
		},
		{
			"several at once",
			"tag_prefix: v\ntargts: []\nversion:\n  major_zero: maybe\n  initial: one\n" +
				"targets:\n  - kind: ftp\n    url: ftp://x\n    token: t\n",
			[]string{
				`.modpack.yml:2: unknown key "targts"; did you mean "targets"?`,
				`.modpack.yml:4: version.major_zero: want true or false, got the string "maybe"`,
				`.modpack.yml:5: version.initial: "one" is not a version such as 0.1.0`,
				`.modpack.yml:7: targets[0].kind: unknown kind "ftp"; use one of directory, s3, nexus, artifactory, packeton, private-packagist`,
				`.modpack.yml:9: targets[0]: "token" would put a credential in the file; set token_env to the name of the environment variable that holds it`,
			},
		},
		{
			"a type error hides the checks of its value",
			"targets:\n  - kind: nexus\n    url: [a]\n",
			[]string{`.modpack.yml:3: targets[0].url: want a string, got a list`},
		},
		{
			"syntax error",
			"version:\n  minor_types: [feat,\n  patch_types: [fix]\n",
			[]string{`.modpack.yml:2: did not find expected ',' or ']'`},
		},
		{
			"syntax error on the first line",
			"a: b: c\n",
			[]string{`.modpack.yml:1: mapping values are not allowed in this context`},
		},
		{
			"bad indentation",
			"git:\n  push: true\n remote: x\n",
			[]string{`.modpack.yml:3: did not find expected key`},
		},
		{
			"unterminated string",
			"tag_prefix: v\ngit:\n  remote: 'origin\n",
			[]string{`.modpack.yml:3: found unexpected end of stream`},
		},
		{
			"unknown alias",
			"tag_prefix: v\nbuild:\n  exclude: *rules\n",
			[]string{`.modpack.yml:3: unknown anchor 'rules' referenced`},
		},
		{
			"control character",
			"tag_prefix: v\ngit:\n  remote: a\x01b\n",
			[]string{`.modpack.yml:3: character U+0001 is not allowed`},
		},
		{
			"invalid UTF-8",
			"tag_prefix: v\n\ngit:\n  remote: \xff\n",
			[]string{`.modpack.yml:4: character U+00FF is not allowed`},
		},
		{
			"second document",
			"tag_prefix: v\n---\ntargts: []\n",
			[]string{
				`.modpack.yml:2: a second YAML document; keep one`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse([]byte(tt.in), ".modpack.yml")
			if err == nil {
				t.Fatalf("Parse(%q) = nil error, want:\n%s", tt.in, strings.Join(tt.want, "\n"))
			}
			if got := err.Error(); got != strings.Join(tt.want, "\n") {
				t.Errorf("Parse(%q) error =\n%s\nwant:\n%s", tt.in, got, strings.Join(tt.want, "\n"))
			}
			var ce *config.Error
			if !errors.As(err, &ce) || ce.Line == 0 || ce.File != ".modpack.yml" {
				t.Errorf("Parse(%q) error %#v has no file and line", tt.in, ce)
			}
		})
	}
}

// TestParseAliases reads anchors and aliases as the values they stand
// for.
func TestParseAliases(t *testing.T) {
	in := "build:\n  exclude: &rules [/docs]\n  allow_secrets: *rules\n"
	c, err := config.Parse([]byte(in), ".modpack.yml")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Build.AllowSecrets; !reflect.DeepEqual(got, []string{"/docs"}) {
		t.Errorf("Parse(%q) allow_secrets = %q, want [/docs]", in, got)
	}
}

// TestParseManyErrors stops at a bound rather than listing every
// problem of a file full of them.
func TestParseManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("x: &x {")
	for i := range 100 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("k" + strings.Repeat("z", i) + ": 1")
	}
	b.WriteString("}\ntargets: [")
	for i := range 10000 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("*x")
	}
	b.WriteString("]\n")

	_, err := config.Parse([]byte(b.String()), ".modpack.yml")
	lines := strings.Split(err.Error(), "\n")
	if len(lines) > 60 || !strings.HasSuffix(lines[len(lines)-1], "too many problems; fix these first") {
		t.Errorf("Parse(many aliased problems) gave %d lines, ending %q",
			len(lines), lines[len(lines)-1])
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	c, err := config.Load(dir)
	if err != nil || c.TagPrefix != "v" {
		t.Fatalf("Load(no file) = %+v, %v; want the defaults", c, err)
	}

	name := filepath.Join(dir, config.FileName)
	if err := os.WriteFile(name, []byte("tag_prefix: r\ngit:\n  push: nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = config.Load(dir)
	if want := name + `:3: git.push: want true or false, got the string "nope"`; err == nil || err.Error() != want {
		t.Errorf("Load(bad file) error = %v, want %s", err, want)
	}

	if err := os.WriteFile(name, []byte("tag_prefix: r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := config.Load(dir); err != nil || c.TagPrefix != "r" {
		t.Errorf("Load(tag_prefix: r) = %+v, %v", c, err)
	}
}

// TestValidate checks a Config built in code, whose problems have no
// line.
func TestValidate(t *testing.T) {
	c := config.Default()
	c.Version.Initial = "next"
	c.Targets = []config.Target{{Kind: "packeton", URL: "https://packeton.example"}}
	want := `version.initial: "next" is not a version such as 0.1.0`
	if err := c.Validate(); err == nil || err.Error() != want {
		t.Errorf("Validate() = %v, want %s", err, want)
	}
}

// TestYAMLRoundTrip checks that the printed configuration reads back
// as the same configuration.
func TestYAMLRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/every_key.yml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := config.Parse(data, "every_key.yml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	again, err := config.Parse(out, "printed")
	if err != nil {
		t.Fatalf("Parse(YAML()) = %v; YAML() =\n%s", err, out)
	}
	if out2, _ := again.YAML(); string(out2) != string(out) {
		t.Errorf("YAML() after a round trip =\n%s\nwant\n%s", out2, out)
	}
}

func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := config.Parse(data, ".modpack.yml")
		if c == nil {
			t.Fatalf("Parse(%q) = nil config", data)
		}
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, ".modpack.yml:") {
					t.Fatalf("Parse(%q) error line %q has no file and line", data, line)
				}
			}
			return
		}
		if _, err := c.YAML(); err != nil {
			t.Fatalf("YAML() after Parse(%q) = %v", data, err)
		}
	})
}
