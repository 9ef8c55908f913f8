package publish

import (
	"archive/zip"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The repository of the benchmarks: 500 packages of 10 versions each.
const (
	benchPackages = 500
	benchVersions = 10
)

// benchZip writes the zip of package n at version v to name.
func benchZip(b *testing.B, name string, n int, v string) {
	b.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		b.Fatal(err)
	}
	f, err := os.Create(name)
	if err != nil {
		b.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("composer.json")
	fmt.Fprintf(w, `{"name": "acme/module-%03d", "description": "Module %d.", `+
		`"type": "magento2-module", "license": "proprietary", "version": %q, `+
		`"require": {"magento/framework": "103.0.*"}, `+
		`"autoload": {"files": ["registration.php"], "psr-4": {"Acme\\Module%d\\": ""}}}`, n, n, v, n)
	w, _ = zw.Create("registration.php")
	fmt.Fprintf(w, "<?php // module %d\n", n)
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

// benchRepo writes the dists of the benchmark repository straight into
// place and builds its metadata once.
func benchRepo(b *testing.B) *Repo {
	b.Helper()
	dir := b.TempDir()
	for n := range benchPackages {
		for v := range benchVersions {
			name := fmt.Sprintf("module-%03d", n)
			version := fmt.Sprintf("1.%d.0", v)
			benchZip(b, filepath.Join(dir, "dist", "acme", name,
				"acme-"+name+"-"+version+".zip"), n, version)
		}
	}
	r, err := Open(dir, "https://composer.acme.example/")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := r.Rebuild(context.Background()); err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkPublishOne adds one version to a repository of 500 packages
// with 10 versions each, and reports how many files that wrote.
func BenchmarkPublishOne(b *testing.B) {
	r := benchRepo(b)
	src := b.TempDir()

	var written int
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		zip := filepath.Join(src, fmt.Sprintf("new-%d.zip", i))
		benchZip(b, zip, 250, fmt.Sprintf("2.%d.0", i))
		since := time.Now()
		b.StartTimer()

		if _, err := r.Publish(context.Background(), zip, Options{}); err != nil {
			b.Fatal(err)
		}

		b.StopTimer()
		written = changedSince(b, r.Dir(), since)
		b.StartTimer()
	}
	b.ReportMetric(float64(written), "files-written/op")
}

// BenchmarkRebuild regenerates all the metadata of the same repository,
// as a generator that rebuilds from scratch (Satis, say) does for every
// new version.
func BenchmarkRebuild(b *testing.B) {
	r := benchRepo(b)
	for b.Loop() {
		if _, err := r.Rebuild(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// changedSince counts the files under dir modified at or after t,
// leaving out the lock file, which publishing only opens.
func changedSince(b *testing.B, dir string, t time.Time) int {
	b.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".modpack.lock" {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !info.ModTime().Before(t.Add(-10 * time.Millisecond)) {
			n++
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
