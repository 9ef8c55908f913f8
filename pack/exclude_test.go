package pack_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modpack/modpack/pack"
)

// The example from Composer's documentation of archive.exclude.
func TestExcludesComposerExample(t *testing.T) {
	rules := []string{"/foo/bar", "baz", "/*.test", "!/foo/bar/baz"}
	excludes := pack.NewExcludes(nil, rules)
	tests := []struct {
		path string
		want bool
	}{
		{"dir/foo/bar/file", false},
		{"foo/bar/baz", false},
		{"file.php", false},
		{"foo/my.test", false},
		{"foo/bar/any", true},
		{"foo/baz", true},
		{"my.test", true},
	}
	for _, tt := range tests {
		if got, _ := excludes.Excluded(tt.path); got != tt.want {
			t.Errorf("Excluded(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// matchTests are rules, paths and whether Composer matches them. The
// differential test checks them against Composer too.
var matchTests = []struct {
	rule, path string
	want       bool
}{
	// A rule without a slash matches whole segments at any depth.
	{"baz", "baz", true},
	{"baz", "a/baz/c", true},
	{"baz", "foobaz", false},
	{"baz", "baz.txt", false},

	// "*" and "?" do not match a leading dot, nor cross a slash.
	{"*.md", "README.md", true},
	{"*.md", "docs/a.md", true},
	{"*.md", ".hidden.md", false},
	{"*.md", "docs/.hidden.md", false},
	{"*", ".env", false},
	{"*", "a", true},
	{".*", ".env", true},
	{".git*", ".gitattributes", true},
	{".git*", ".github/workflows/ci.yml", true},
	{".git*", "x/.gitignore", true},
	{".git*", "git.txt", false},
	{"?.php", "a.php", true},
	{"?.php", "ab.php", false},
	{"?.php", ".php", false},
	{"a*b", "a/b", false},

	// "**" between slashes stands for any number of segments, none
	// hidden; elsewhere it is just two "*".
	{"docs/**/*.md", "docs/a.md", true},
	{"docs/**/*.md", "docs/x/y/a.md", true},
	{"docs/**/*.md", "docs/.x/a.md", false},
	{"docs/**/*.md", "x/docs/a.md", true},
	{"/docs/**", "docs/a/b", true},
	{"/docs/**", "docs", false},
	{"/docs/**", "docs/.hidden", false},
	{"**/foo", "foo", true},
	{"**/foo", "a/foo", true},
	{"**/foo", "foo.txt", false},
	{"a**b", "axxb", true},
	{"a**b", "ax/xb", false},

	// Braces give alternatives.
	{"*.{js,css}", "a.js", true},
	{"*.{js,css}", "a.css", true},
	{"*.{js,css}", "a.php", false},
	{"{a,b}/c", "x/b/c", true},
	{"{a,{b,c}d}", "cd", true},

	// A backslash escapes the next character, and at the start of a
	// segment it counts as a character that is not a dot.
	{`\*.txt`, "*.txt", true},
	{`\*.txt`, "a.txt", false},
	{`\.env`, ".env", false},
	{`a\\b`, `a\b`, true},
	{`\{a\,b`, "{a,b", true},

	// "[" passes through to the regular expression as a class.
	{"[ab].txt", "a.txt", true},
	{"[ab].txt", "c.txt", false},
	{"[a-c]*", "b.php", true},
	{"[!a]", "!", true},
	{"[!a]", "b", false},
	{"[^a]", "^", true},
	{"[[:digit:]]*", "1.txt", true},

	// A trailing slash is dropped; the rule matches a file too.
	{"Test/", "Test/Unit/X.php", true},
	{"Test/", "src/Test/X.php", true},
	{"Test/", "Testing/x", false},
	{"Test/", "Test", true},

	// An inner slash leaves the rule unanchored, even mid-segment.
	{"foo/bar", "x/foo/bar", true},
	{"foo/bar", "foo/bar/baz", true},
	{"foo/bar", "xfoo/bar", true},
	{"foo/bar", "foo/barx", false},

	// A leading slash anchors at the root.
	{"/foo", "foo", true},
	{"/foo", "foo/x", true},
	{"/foo", "x/foo", false},
	{"/foo", "foobar", false},

	// Leading "!"s negate but do not change what matches.
	{"!foo", "foo", true},
	{"!!/foo", "foo", true},

	// Regex characters are literal.
	{"a+b(1).txt", "a+b(1).txt", true},
	{"a+b(1).txt", "aab1.txt", false},
	{"$x^|#", "$x^|#", true},
	{"my file.txt", "dir/my file.txt", true},

	// Matching is by bytes: "?" is one byte of "é".
	{"é*", "été.txt", true},
	{"caf?", "café", false},
	{"caf??", "café", true},

	// PCRE's "$" also matches before a final newline.
	{"/a", "a\n", true},
}

func TestPatternMatch(t *testing.T) {
	for _, tt := range matchTests {
		p, err := pack.CompilePattern(tt.rule, "test")
		if err != nil {
			t.Errorf("CompilePattern(%q) = %v", tt.rule, err)
			continue
		}
		if got := p.Match(tt.path); got != tt.want {
			t.Errorf("CompilePattern(%q).Match(%q) = %v, want %v",
				tt.rule, tt.path, got, tt.want)
		}
	}
}

// invalidRules are rules whose regular expression PCRE rejects.
var invalidRules = []string{
	"{a",      // missing ")"
	"a}b",     // "}" ends the delimited expression
	`\{a,b\}`, // an escaped "}" is still a bare "}"
	`{a\}b}`,  // inside braces too
	"[a",      // missing "]"
	"[z-a]",   // range out of order
	"[:alpha:]",
	"[[:foo:]]",
	"[[=a=]]",
	"[[:digit:]-z]",
	"x[/]y", // the lookahead after "/" lands inside the class
	"{[/a}", // and its ")" closes the group early
}

func TestCompilePatternInvalid(t *testing.T) {
	for _, rule := range invalidRules {
		p, err := pack.CompilePattern(rule, "composer.json archive.exclude[0]")
		var perr *pack.PatternError
		if !errors.As(err, &perr) {
			t.Errorf("CompilePattern(%q) error = %v, want a *PatternError",
				rule, err)
			continue
		}
		if perr.Rule != rule || perr.Source != p.Source {
			t.Errorf("CompilePattern(%q) error = %+v", rule, perr)
		}
		if p.Match("a") || p.Match(rule) {
			t.Errorf("CompilePattern(%q) matches, want never", rule)
		}
	}
}

func TestExcludesErr(t *testing.T) {
	attrs := pack.ParseGitAttributes([]byte("/ok export-ignore\n{a export-ignore\n"))
	excludes := pack.NewExcludes(attrs, []string{"ok", "a}"})
	err := excludes.Err()
	if err == nil {
		t.Fatal("Err() = nil, want errors for two rules")
	}
	for _, want := range []string{
		`.gitattributes:2: exclude rule "{a": `,
		`composer.json archive.exclude[1]: exclude rule "a}": `,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Err() = %q, want it to contain %q", err, want)
		}
	}

	if err := pack.NewExcludes(attrs[:1], []string{"ok"}).Err(); err != nil {
		t.Errorf("Err() = %v, want nil", err)
	}
}

func TestExcludedDecisivePattern(t *testing.T) {
	attrs := pack.ParseGitAttributes([]byte("/docs export-ignore\n"))
	excludes := pack.NewExcludes(attrs, []string{"!/docs/keep.md", "*.txt"})
	tests := []struct {
		path       string
		want       bool
		wantSource string
	}{
		{"docs/a.php", true, ".gitattributes:1"},
		{"docs/keep.md", false, "composer.json archive.exclude[0]"},
		{"docs/keep.md/a.txt", true, "composer.json archive.exclude[1]"},
		{"src/a.php", false, ""},
	}
	for _, tt := range tests {
		got, p := excludes.Excluded(tt.path)
		var source string
		if p != nil {
			source = p.Source
		}
		if got != tt.want || source != tt.wantSource {
			t.Errorf("Excluded(%q) = %v, %q, want %v, %q",
				tt.path, got, source, tt.want, tt.wantSource)
		}
	}
}

// gitattributesSample is a .gitattributes file with lines that Composer
// reads and lines that it ignores.
var gitattributesSample = strings.Join([]string{
	"# comment",
	"/Test export-ignore",
	"",
	"*.md export-ignore",
	"README.md -export-ignore",
	"/docs export-ignore eol=lf",
	"/.github \t export-ignore\r",
	"\f/ff export-ignore",
	"/ff2 export-ignore\f",
	"0",
	"!/keep export-ignore",
	"/bin binary",
	"/x export-ignore=true",
	"  /indented export-ignore  ",
	"/cr export-ignore\r/cr2 export-ignore",
	"*.php export-ignore\r",
	"a/** -export-ignore",
	"{x export-ignore",
}, "\n")

func TestParseGitAttributes(t *testing.T) {
	type rule struct {
		Rule, Source string
		Negate       bool
	}
	want := []rule{
		{"/Test", ".gitattributes:2", false},
		{"*.md", ".gitattributes:4", false},
		{"!README.md", ".gitattributes:5", true},
		{"/.github", ".gitattributes:7", false},
		{"!/keep", ".gitattributes:11", true},
		{"/indented", ".gitattributes:14", false},
		{"*.php", ".gitattributes:16", false},
		{"!a/**", ".gitattributes:17", true},
		{"{x", ".gitattributes:18", false},
	}

	var got []rule
	for _, p := range pack.ParseGitAttributes([]byte(gitattributesSample)) {
		got = append(got, rule{p.Rule, p.Source, p.Negate})
	}
	if len(got) != len(want) {
		t.Fatalf("ParseGitAttributes = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ParseGitAttributes[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// The differential test runs Composer's own filters through PHP on the
// same rules and paths as the Go code, and requires identical answers.

// composerAutoload is where Debian's composer package installs Composer.
const composerAutoload = "/usr/share/php/Composer/autoload.php"

// composerScript reads a JSON job (rules and paths in base64, and a
// directory holding a .gitattributes) and prints, as JSON:
//   - matches: per rule, one character per path: 1 or 0 for whether the
//     rule's regular expression matches, E if PCRE rejects it;
//   - gitExcluded: one character per path, the decision of Composer's
//     GitExcludeFilter;
//   - excluded: the same for GitExcludeFilter followed by a
//     ComposerExcludeFilter with all the rules, as ArchivableFilesFinder
//     chains them.
const composerScript = `<?php
// Without Composer's error handler, PCRE's warnings stay warnings.
error_reporting(E_ALL & ~E_WARNING);
require $argv[1];

use Composer\Package\Archiver\ComposerExcludeFilter;
use Composer\Package\Archiver\GitExcludeFilter;

$job = json_decode(file_get_contents($argv[2]), true);
$rules = array_map('base64_decode', $job['rules']);
$paths = array_map('base64_decode', $job['paths']);

$generate = new ReflectionMethod(ComposerExcludeFilter::class, 'generatePattern');
$generate->setAccessible(true);
$empty = new ComposerExcludeFilter($job['dir'], []);
$matches = [];
foreach ($rules as $rule) {
    [$regex] = $generate->invoke($empty, $rule);
    $row = '';
    foreach ($paths as $path) {
        $m = preg_match($regex, '/' . $path);
        $row .= $m === false ? 'E' : (string) $m;
    }
    $matches[] = $row;
}

$git = new GitExcludeFilter($job['dir']);
$composer = new ComposerExcludeFilter($job['dir'], $rules);
$gitExcluded = '';
$excluded = '';
foreach ($paths as $path) {
    $exclude = $git->filter('/' . $path, false);
    $gitExcluded .= $exclude ? '1' : '0';
    $exclude = $composer->filter('/' . $path, $exclude);
    $excluded .= $exclude ? '1' : '0';
}

echo json_encode([
    'matches' => $matches,
    'gitExcluded' => $gitExcluded,
    'excluded' => $excluded,
]);
`

// composerResult is what composerScript prints.
type composerResult struct {
	Matches     []string
	GitExcluded string
	Excluded    string
}

// runComposer runs composerScript on rules and paths, with gitattributes
// as the component's .gitattributes.
func runComposer(
	t testing.TB,
	gitattributes string,
	rules, paths []string,
) composerResult {
	t.Helper()
	dir := t.TempDir()
	encode := func(list []string) []string {
		var out []string
		for _, s := range list {
			out = append(out, base64.StdEncoding.EncodeToString([]byte(s)))
		}
		return out
	}
	job, err := json.Marshal(map[string]any{
		"rules": encode(rules),
		"paths": encode(paths),
		"dir":   dir,
	})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"job.json":       string(job),
		"run.php":        composerScript,
		".gitattributes": gitattributes,
	}
	for name, content := range files {
		err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
		if err != nil {
			t.Fatal(err)
		}
	}

	cmd := exec.Command("php", filepath.Join(dir, "run.php"),
		composerAutoload, filepath.Join(dir, "job.json"))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("php: %v", err)
	}
	var res composerResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("php printed %q: %v", out, err)
	}
	return res
}

// requireComposer skips t unless PHP and Composer are installed; in CI,
// where scripts/test installs them, it fails instead.
func requireComposer(t testing.TB) {
	t.Helper()
	_, errPHP := exec.LookPath("php")
	_, errComposer := os.Stat(composerAutoload)
	if err := errors.Join(errPHP, errComposer); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PHP and Composer are needed in CI: %v", err)
		}
		t.Skipf("needs PHP and Composer: %v", err)
	}
}

// diffRules are hand-picked rules for the differential test, on top of
// those of matchTests and invalidRules.
var diffRules = []string{
	"", "!", "/", "//", "!!", "*", "**", "/**", "**/", "/**/",
	"?", ".", "..", "./a", "a/./b", "a//b", "/a/", "a/**", "a/**/",
	"a/**/b", "/a/**/b/**", "**/a/**", "a/**b", "a/b**/c",
	"*.{php,phtml}", "{,a}", "{a,}b", "{}", "{{a}}", "{a,b",
	"a,b", "{a\\,b}", "\\", "a\\", "\\\\", "\\a", "\\/a", "a\\/**",
	"[]a]", "[]", "[^]a]", "[a-]", "[-a]", "[a--]", "[--a]", "[a-c-e]",
	"[[]", "[\\]]", "[\\.-a]", "[a-\\.]", "[[:alpha:]]", "[[:alpha:]-]",
	"[[:<:]]a", "a[[:>:]]", "[[:alpha]]", "[[=a=]]", "[*]", "[?]",
	"[{]", "[{]a}", "{[/a", "{[/a,b", "{[/**", "a/[", "[/**/]",
	"+", "(", ")", "|", "^", "$", "#", "a#b", "%", "~", "'",
	"*~", "*.orig", ".DS_Store", "Thumbs.db", "!*.php", "!!*.md",
	" a", "a ", "a b", "é", "/é/", "日本", "\x00", "a\x00b",
	"*.[tT][xX][tT]", "Test*/", "/.github/", ".git*/", "!/.gitkeep",
	"docs/*/", "*/Test/*", "/*/", "a?b", "??", "/???",
}

// diffPaths are hand-picked paths for the differential test, on top of
// those of matchTests.
var diffPaths = []string{
	"", "a", "b", "ab", "a/b", "a/b/c", "b/a", ".a", "a/.b", ".a/b",
	"a.php", "a.phtml", "a.PHP", "x/a.php", ".php", "a.php/x",
	"a/x/b", "a/x/y/b", "a/.x/b", "ab/c", "a/bb/c", "a,b", "{a,b}",
	"a\\b", "\\", "\\a", "*", "?", "[", "]", "[a]", "-", "^", "$",
	"#", "a#b", "(", ")", "|", "+", "%", "~", "'", "a~", "a.orig",
	".DS_Store", "x/.DS_Store", "Thumbs.db", "a.md", ".md", "x.txt",
	"x.TxT", "Test/a", "Tests/a", "x/Test/y/z", ".github/ci.yml",
	".gitkeep", "x/.gitkeep", ".gitignore", "docs/a/b", "docs/.a",
	" a", "a ", "a b", "é", "é/x", "日本", "日本/x", "a\x00b", "a\nb",
	"a\n", "/", "a/", "a//b", "//", "abc", "axb", "a/b/", "aaa",

	// Paths for gitattributesSample.
	"README.md", "src/README.md", "docs/x", "ff/x", "ff2", "keep",
	"keep/x", "bin", "x", "indented/x", "cr", "cr2", "Test/Unit/X.php",
	"a/b.php", "b/a.php", "a/b/c.md", ".github",
}

// randomGlob returns a glob built from the characters and pieces that
// matter to Composer's translation and to PCRE.
func randomGlob(r *rand.Rand) string {
	pieces := []string{
		"a", "b", ".", "*", "?", "/", "**", "/**/", "\\", "{", "}", ",",
		"[", "]", "-", "^", "!", ":", "[:alpha:]", "[:<:]]", "(", "+",
		"$", "#", " ", "é", "=", "z",
	}
	var b strings.Builder
	for range r.IntN(7) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// randomPath returns a path from a similar alphabet.
func randomPath(r *rand.Rand) string {
	pieces := []string{
		"a", "b", ".", "/", "z", "-", "!", ":", " ", "é", "\n", "ab", "/.",
	}
	var b strings.Builder
	for range 1 + r.IntN(6) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

func TestMatchesComposer(t *testing.T) {
	requireComposer(t)

	rules := append([]string(nil), diffRules...)
	rules = append(rules, invalidRules...)
	paths := append([]string(nil), diffPaths...)
	for _, tt := range matchTests {
		rules = append(rules, tt.rule)
		paths = append(paths, tt.path)
	}
	// PCRE allows 250 nested parentheses, counting lookaheads.
	for _, n := range []int{249, 250, 251} {
		nest := func(s string) string {
			return strings.Repeat("{", n) + s + strings.Repeat("}", n)
		}
		rules = append(rules, nest("a"), nest("/a"))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1500 {
		rules = append(rules, randomGlob(r))
	}
	for range 60 {
		paths = append(paths, randomPath(r))
	}

	// Compare each rule with each path.
	want := runComposer(t, gitattributesSample, rules, paths)
	mismatches, invalid, matches := 0, 0, 0
	for i, rule := range rules {
		p, err := pack.CompilePattern(rule, "test")
		if err != nil {
			invalid++
		}
		for j, path := range paths {
			got := "0"
			switch {
			case err != nil:
				got = "E"
			case p.Match(path):
				got = "1"
				matches++
			}
			if w := want.Matches[i][j : j+1]; got != w && mismatches < 50 {
				mismatches++
				t.Errorf("rule %q, path %q: got %s, Composer %s (error %v)",
					rule, path, got, w, err)
			}
		}
	}
	t.Logf("%d rules (%d invalid) × %d paths: %d matches",
		len(rules), invalid, len(paths), matches)

	// Compare the decisions of .gitattributes, then of all the rules
	// together, .gitattributes first.
	attrs := pack.ParseGitAttributes([]byte(gitattributesSample))
	for _, c := range []struct {
		excludes pack.Excludes
		want     string
	}{
		{pack.NewExcludes(attrs, nil), want.GitExcluded},
		{pack.NewExcludes(attrs, rules), want.Excluded},
	} {
		for j, path := range paths {
			got, _ := c.excludes.Excluded(path)
			if w := c.want[j] == '1'; got != w {
				t.Errorf("Excluded(%q) = %v, Composer %v", path, got, w)
			}
		}
	}
}

func FuzzPattern(f *testing.F) {
	for _, tt := range matchTests {
		f.Add(tt.rule, tt.path)
	}
	for _, rule := range invalidRules {
		f.Add(rule, "a/b")
	}

	// MODPACK_FUZZ_PHP=1 also checks each input against Composer, which
	// is slow: one PHP process per input.
	withPHP := os.Getenv("MODPACK_FUZZ_PHP") == "1"
	if withPHP {
		requireComposer(f)
	}

	f.Fuzz(func(t *testing.T, rule, path string) {
		p, err := pack.CompilePattern(rule, "fuzz")
		got := p.Match(path)
		if again := p.Match(path); again != got {
			t.Fatalf("Match(%q) = %v, then %v", path, got, again)
		}
		if err != nil && got {
			t.Fatalf("invalid rule %q (%v) matches %q", rule, err, path)
		}
		if !withPHP {
			return
		}

		want := runComposer(t, "", []string{rule}, []string{path}).Matches[0]
		if want == "E" {
			if err == nil {
				t.Fatalf("CompilePattern(%q) = nil error, Composer fails", rule)
			}
			return
		}
		if err != nil || got != (want == "1") {
			t.Fatalf("CompilePattern(%q) = %v; Match(%q) = %v, Composer %s",
				rule, err, path, got, want)
		}
	})
}
