package magento_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modpack/modpack/internal/txtartest"
	"github.com/modpack/modpack/magento"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/check/*.txtar")

// TestCheck runs Check on each component in testdata/check. Each file is
// a txtar archive: the component's files, then a "want" section with the
// expected findings, one per line.
func TestCheck(t *testing.T) {
	files, err := filepath.Glob("testdata/check/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := txtartest.Extract(t, ar, "want")

			got := formatFindings(magento.Check(dir, magento.Options{}))
			want := string(txtartest.Section(ar, "want"))
			if got == want {
				return
			}
			if *update {
				txtartest.SetSection(ar, "want", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			t.Errorf("Check findings:\n%s\nwant:\n%s", got, want)
		})
	}
}

// TestEveryRuleTested checks that each rule has a case that produces it,
// in testdata/check or in the tests that need what txtar cannot hold.
func TestEveryRuleTested(t *testing.T) {
	covered := map[string]bool{
		"file-unreadable":    true, // TestCheckFileProblems
		"file-too-large":     true,
		"file-name-encoding": true,
	}
	files, _ := filepath.Glob("testdata/check/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(txtartest.Section(ar, "want")), "\n") {
			if i := strings.LastIndex(line, " ["); i >= 0 {
				covered[strings.TrimSuffix(line[i+2:], "]")] = true
			}
		}
	}
	for _, r := range magento.Rules() {
		if !covered[r.Code] {
			t.Errorf("rule %s has no test case", r.Code)
		}
	}
}

func formatFindings(r *magento.Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}
