package magento_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
			dir := extract(t, ar)

			got := formatFindings(magento.Check(dir, magento.Options{}))
			want := string(section(ar, "want"))
			if got == want {
				return
			}
			if *update {
				setSection(ar, "want", got)
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
		for _, line := range strings.Split(string(section(ar, "want")), "\n") {
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

// extract writes the files of ar, except its want section, to a new
// directory and returns it.
func extract(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		if f.Name == "want" {
			continue
		}
		name := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		data := f.Data
		// "(empty)" stands for a file of no bytes, which txtar cannot show.
		if strings.TrimSpace(string(data)) == "(empty)" {
			data = nil
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func formatFindings(r *magento.Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

func section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func setSection(ar *txtar.Archive, name, data string) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}
