package versioning_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Masterminds/semver/v3"

	"github.com/modpack/modpack/versioning"
)

var update = flag.Bool("update", false,
	"rewrite testdata/section/*.md and testdata/insert/*.golden")

var releaseDate = time.Date(2026, 12, 3, 15, 4, 5, 0, time.UTC)

var sectionTests = []struct {
	name     string
	version  string
	messages []string
	repoURL  string
}{
	{"all_groups", "2.0.0", []string{
		"feat(api)!: replace the order endpoint\n\n" +
			"BREAKING CHANGE: /V1/orders is gone; use /V2/orders.",
		"chore!: require PHP 8.2\n\n" +
			"BREAKING CHANGE: PHP 8.1 is no longer supported.\n" +
			"Upgrade PHP first.\n\nRead the upgrade guide.",
		"feat: add a refund button",
		"fix(checkout): round totals to cents",
		"perf: cache the tax rates",
		"Merge branch 'main'",
	}, ""},
	{"links", "1.3.0", []string{
		"feat(admin): add a grid filter",
		"fix: keep the filter on reload",
	}, "https://github.com/acme/module-payments/"},
	{"prerelease", "1.3.0-rc.1", []string{"fix: round totals"}, ""},
	{"other_types", "1.2.4", []string{"refactor(model): split the repository"}, ""},
	{"nothing", "0.1.0", []string{"Initial commit"}, ""},
}

func TestChangelogSection(t *testing.T) {
	for _, tt := range sectionTests {
		t.Run(tt.name, func(t *testing.T) {
			var commits []versioning.Commit
			for i, m := range tt.messages {
				hash := fmt.Sprintf("%07x%033d", 0xabc1230+i, 0)
				commits = append(commits, versioning.Parse(hash, m, 1))
			}
			got := versioning.ChangelogSection(semver.MustParse(tt.version), releaseDate,
				commits, tt.repoURL)
			checkGolden(t, filepath.Join("testdata", "section", tt.name+".md"), []byte(got))
		})
	}
}

// insertSection is the section that TestInsertChangelog adds.
const insertSection = "## [1.3.0] - 2026-12-03\n\n### Features\n\n- add x (abc1234)\n"

func TestInsertChangelog(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "insert", "*.md"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no testdata/insert/*.md: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".md")
		t.Run(name, func(t *testing.T) {
			existing, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := versioning.InsertChangelog(existing, insertSection)
			checkGolden(t, strings.TrimSuffix(in, ".md")+".golden", got)
		})
	}
}

func TestInsertChangelogMissing(t *testing.T) {
	got := string(versioning.InsertChangelog(nil, strings.TrimSuffix(insertSection, "\n")))
	if want := "# Changelog\n\n" + insertSection; got != want {
		t.Errorf("InsertChangelog(nil, section) = %q, want %q", got, want)
	}
}

// checkGolden compares got with the golden file at path, or rewrites the
// file with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update to rewrite it):\n%s", path, diff(got, want))
	}
}

// diff describes the first line where got and want differ.
func diff(got, want []byte) string {
	g := strings.SplitAfter(string(got), "\n")
	w := strings.SplitAfter(string(want), "\n")
	line := func(lines []string, i int) string {
		if i < len(lines) {
			return fmt.Sprintf("%q", lines[i])
		}
		return "(end of file)"
	}
	for i := range max(len(g), len(w)) {
		if gl, wl := line(g, i), line(w, i); gl != wl {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, gl, wl)
		}
	}
	return "(no line differs)"
}
