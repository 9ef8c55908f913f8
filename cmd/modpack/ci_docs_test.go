package main

import (
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/modpack/modpack/internal/config"
)

// TestCIExamples checks the CI examples in README.md: each is valid
// YAML, and every modpack command line in them names a command and
// flags that exist.
func TestCIExamples(t *testing.T) {
	blocks := yamlExamples(t, "In CI")
	if len(blocks) < 2 {
		t.Fatalf("the In CI section has %d YAML examples, want a GitHub and a GitLab one", len(blocks))
	}
	lines := 0
	for _, b := range blocks {
		var doc any
		if err := yaml.Unmarshal([]byte(b[1]), &doc); err != nil {
			t.Errorf("example does not parse: %v\n%s", err, b[1])
			continue
		}
		for _, line := range commandLines(doc) {
			lines++
			checkCommandLine(t, line)
		}
	}
	if lines < 4 {
		t.Errorf("found %d modpack command lines in the examples, want at least 4", lines)
	}
}

// TestConfigExample checks that the .modpack.yml example in README.md
// is one modpack reads without a problem.
func TestConfigExample(t *testing.T) {
	blocks := yamlExamples(t, "Configuration")
	if len(blocks) == 0 {
		t.Fatal("the Configuration section has no YAML example")
	}
	cfg, err := config.Parse([]byte(blocks[0][1]), config.FileName)
	if err != nil {
		t.Fatalf("the example has problems:\n%v", err)
	}
	if len(cfg.Targets) != 3 || cfg.Targets[0].URL != "/srv/composer" {
		t.Errorf("the example's targets read as %+v", cfg.Targets)
	}
}

// yamlExamples returns the YAML code blocks of the README section with
// the title, each as a match whose [1] is the block's text.
func yamlExamples(t *testing.T, title string) [][]string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## "+title+"\n")
	if !ok {
		t.Fatalf("README.md has no %q section", title)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(section, -1)
}

// commandLines returns the strings in doc that run modpack.
func commandLines(doc any) []string {
	var out []string
	switch v := doc.(type) {
	case string:
		for _, line := range strings.Split(v, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "modpack ") {
				out = append(out, strings.TrimSpace(line))
			}
		}
	case []any:
		for _, e := range v {
			out = append(out, commandLines(e)...)
		}
	case map[string]any:
		for _, e := range v {
			out = append(out, commandLines(e)...)
		}
	}
	return out
}

// checkCommandLine checks that line names a modpack command and flags
// that exist.
func checkCommandLine(t *testing.T, line string) {
	t.Helper()
	args := strings.Fields(line)[1:]
	root := newRootCmd(io.Discard, io.Discard)
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root {
		t.Errorf("%q names no modpack command: %v", line, err)
		return
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Errorf("%q: %v", line, err)
	}
}
