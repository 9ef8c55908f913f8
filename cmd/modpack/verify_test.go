package main

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyOwnZipsAndFolderZips checks that modpack's own zip of the
// sample passes verify, and that the same files zipped under a folder
// with macOS's __MACOSX litter beside it fail.
func TestVerifyOwnZipsAndFolderZips(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	sample := "../../testdata/sample/order-export"
	if code := run([]string{"build", "--version", "1.0.0", "-o", out, sample}, &stdout, &stderr); code != 0 {
		t.Fatalf("build = %d: %s", code, &stderr)
	}
	own := strings.TrimSpace(stdout.String())

	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"verify", own}, &stdout, &stderr); code != 0 {
		t.Errorf("verify of modpack's zip = %d:\n%s", code, &stderr)
	}

	// The same files under Acme_OrderExport/, with __MACOSX/ beside it.
	folder := filepath.Join(out, "folder.zip")
	f, err := os.Create(folder)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	err = filepath.WalkDir(sample, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(sample, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, name := range []string{"Acme_OrderExport/" + rel, "__MACOSX/Acme_OrderExport/._" + rel} {
			w, err := zw.Create(filepath.ToSlash(name))
			if err != nil {
				return err
			}
			w.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	zw.Close()
	f.Close()

	stdout.Reset()
	stderr.Reset()
	code := run([]string{"verify", folder}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "error") || !strings.Contains(stderr.String(), "2") {
		t.Errorf("verify of a folder zip with __MACOSX = %d:\n%s", code, &stderr)
	}
	t.Logf("verify said:\n%s", &stderr)
}
