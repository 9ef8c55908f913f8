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
	own := buildSample(t)
	out := filepath.Dir(own)
	sample := "../../testdata/sample/order-export"
	var stdout, stderr bytes.Buffer
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

// TestBuildMarketplaceLimit builds a package over 30 MB: a warning by
// default, an error that leaves no zip with --marketplace.
func TestBuildMarketplaceLimit(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../testdata/sample/order-export")); err != nil {
		t.Fatal(err)
	}
	// Random bytes do not compress, so the zip stays over the limit.
	big := make([]byte, 31<<20)
	rng := uint64(1)
	for i := range big {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		big[i] = byte(rng)
	}
	if err := os.WriteFile(filepath.Join(dir, "media.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}

	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--version", "1.0.0", "-o", out, dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("build over 30 MB = %d: %s", code, &stderr)
	}
	if !strings.Contains(stderr.String(), "warning: ") || !strings.Contains(stderr.String(), "over the Marketplace's limit of 30 MB") {
		t.Errorf("stderr = %q, want a warning about the limit", &stderr)
	}

	out = t.TempDir()
	stderr.Reset()
	if code := run([]string{"build", "--marketplace", "--version", "1.0.0", "-o", out, dir}, &stdout, &stderr); code != 1 {
		t.Errorf("build --marketplace over 30 MB = %d, want 1", code)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("build --marketplace left %d files", len(entries))
	}
}
