// Package txtartest runs table tests whose cases are txtar archives: the
// files of a case, and sections holding what the test should produce.
package txtartest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// Extract writes the files of ar to a new temporary directory and
// returns it, leaving out the sections named in skip. A file whose whole
// content is "(empty)" is written empty, which txtar cannot show.
func Extract(t testing.TB, ar *txtar.Archive, skip ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		if contains(skip, f.Name) {
			continue
		}
		name := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		data := f.Data
		if strings.TrimSpace(string(data)) == "(empty)" {
			data = nil
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Section returns the content of the section name of ar, or nil.
func Section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// SetSection sets the content of the section name of ar, adding it at
// the end when ar has none.
func SetSection(ar *txtar.Archive, name, data string) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
