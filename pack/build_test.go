package pack_test

import (
	"archive/zip"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modpack/modpack/pack"
)

// copySample copies the sample module to a new directory, giving files
// fileMode and directories dirMode, as checkouts under other umasks do.
func copySample(t *testing.T, fileMode, dirMode fs.FileMode) string {
	t.Helper()
	dst := t.TempDir()
	src := "../testdata/sample/order-export"
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, dirMode)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, fileMode)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func build(t *testing.T, dir string, opts pack.Options) *pack.Result {
	t.Helper()
	if opts.Version == "" {
		opts.Version = "1.4.0"
	}
	res, sel, err := pack.Build(context.Background(), dir, t.TempDir(), opts)
	if err != nil {
		t.Fatalf("Build(%s) = %v; selection %+v", dir, err, sel)
	}
	return res
}

// TestBuildReproducible builds the sample from two copies with other
// permissions and modification times, in two time zones: the bytes must
// not change.
func TestBuildReproducible(t *testing.T) {
	stamp := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

	a := build(t, copySample(t, 0o644, 0o755), pack.Options{Time: stamp})

	defer func(loc *time.Location) { time.Local = loc }(time.Local)
	time.Local = time.FixedZone("UTC+9", 9*3600)
	other := copySample(t, 0o600, 0o700)
	os.Chtimes(filepath.Join(other, "registration.php"), time.Now(), time.Now())
	b := build(t, other, pack.Options{Time: stamp.In(time.Local)})

	if a.SHA256 != b.SHA256 || a.Size != b.Size {
		t.Errorf("two builds differ: %s (%d bytes) and %s (%d bytes)", a.SHA256, a.Size, b.SHA256, b.Size)
	}
	sum, err := os.ReadFile(a.Path + ".sha256")
	if err != nil || string(sum) != a.SHA256+"  "+filepath.Base(a.Path)+"\n" {
		t.Errorf(".sha256 = %q, %v", sum, err)
	}
}

// TestBuildLayout checks the zip itself: composer.json at the root with
// the version, no top folder, sorted entries with fixed attributes and
// no extra fields, and nothing of what is left out by default.
func TestBuildLayout(t *testing.T) {
	dir := copySample(t, 0o644, 0o755)
	for name, content := range map[string]string{
		".git/HEAD":         "ref: refs/heads/main\n",
		".DS_Store":         "junk",
		"composer.lock":     "{}",
		".github/ci.yml":    "on: push",
		"node_modules/x.js": "x",
		"bin/tool":          "#!/bin/sh\n",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	os.Chmod(filepath.Join(dir, "bin/tool"), 0o775)

	stamp := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	res := build(t, dir, pack.Options{Time: stamp, Version: "2.0.0"})
	if filepath.Base(res.Path) != "acme-module-order-export-2.0.0.zip" {
		t.Errorf("zip name = %s", filepath.Base(res.Path))
	}

	zr, err := zip.OpenReader(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if len(f.Extra) != 0 {
			t.Errorf("%s has extra fields % x", f.Name, f.Extra)
		}
		want := fs.FileMode(0o644)
		if f.Name == "bin/tool" {
			want = 0o755
		}
		if f.Mode() != want {
			t.Errorf("%s has mode %v, want %v", f.Name, f.Mode(), want)
		}
		if !f.Modified.Equal(time.Date(2026, 3, 4, 5, 6, 6, 0, time.UTC)) && !f.Modified.Equal(stamp.Truncate(2*time.Second)) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, stamp)
		}
	}
	want := []string{
		"Model/OrderFeed.php",
		"README.md",
		"Setup/Patch/Data/RegisterIntegration.php",
		"bin/tool",
		"composer.json",
		"etc/acl.xml",
		"etc/integration/api.xml",
		"etc/integration/config.xml",
		"etc/module.xml",
		"registration.php",
	}
	if !slices.Equal(names, want) {
		t.Errorf("entries = %q, want %q", names, want)
	}

	for _, f := range zr.File {
		if f.Name != "composer.json" {
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if !strings.Contains(string(data), `"version": "2.0.0"`) {
			t.Errorf("packaged composer.json has no version 2.0.0:\n%s", data)
		}
	}
	if orig, _ := os.ReadFile(filepath.Join(dir, "composer.json")); strings.Contains(string(orig), `"version"`) {
		t.Error("Build changed the component's own composer.json")
	}
}

// TestBuildRefuses checks what stops a build, leaving no zip behind.
func TestBuildRefuses(t *testing.T) {
	tests := []struct {
		name, file, content, want string
	}{
		{"auth.json", "auth.json", `{"http-basic": {}}`, "refusing to package a secret"},
		{"env", ".env.local", "DB_PASSWORD=x", "refusing to package a secret"},
		{"env.php", "app/etc/env.php", "<?php return [];", "env.php holds database"},
		{"key", "certs/server.key", "-----BEGIN PRIVATE KEY-----", "refusing to package a secret"},
		{"npmrc", ".npmrc", "//registry.npmjs.org/:_authToken=abc", ".npmrc holds a token"},
		{"case", "readme.md", "x", "differs from README.md only in case"},
		{"utf8", "Model/caf\xe9.php", "<?php", "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copySample(t, 0o644, 0o755)
			name := filepath.Join(dir, filepath.FromSlash(tt.file))
			os.MkdirAll(filepath.Dir(name), 0o755)
			if err := os.WriteFile(name, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			_, _, err := pack.Build(context.Background(), dir, out, pack.Options{Version: "1.0.0"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Build = %v, want an error containing %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("a failed build left %d files in the output", len(entries))
			}
		})
	}

	// A version Composer cannot read stops the build too.
	for _, v := range []string{"1.0 final", "x/../../y"} {
		out := t.TempDir()
		_, _, err := pack.Build(context.Background(), copySample(t, 0o644, 0o755),
			out, pack.Options{Version: v})
		if err == nil || !strings.Contains(err.Error(), "not one Composer reads") {
			t.Errorf("Build with version %q = %v, want it refused", v, err)
		}
		if entries, _ := os.ReadDir(out); len(entries) != 0 {
			t.Errorf("a refused version left %d files in the output", len(entries))
		}
	}

	// A .pub key and an excluded secret are fine.
	dir := copySample(t, 0o644, 0o755)
	os.WriteFile(filepath.Join(dir, "id_rsa.pub"), []byte("ssh-rsa AAA"), 0o644)
	os.WriteFile(filepath.Join(dir, "auth.json"), []byte("{}"), 0o644)
	os.WriteFile(filepath.Join(dir, ".gitattributes"), []byte("/auth.json export-ignore\n"), 0o644)
	attrs, _ := os.ReadFile(filepath.Join(dir, ".gitattributes"))
	opts := pack.Options{Version: "1.0.0"}
	opts.Select.Excludes = pack.NewExcludes(pack.ParseGitAttributes(attrs), nil)
	if _, _, err := pack.Build(context.Background(), dir, t.TempDir(), opts); err != nil {
		t.Errorf("Build with an excluded secret = %v", err)
	}
}

func TestBuildLinks(t *testing.T) {
	dir := copySample(t, 0o644, 0o755)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(outside, []byte("x"), 0o644)

	// A link inside the component ships as the file it points at.
	os.Symlink("README.md", filepath.Join(dir, "README.txt"))
	res := build(t, dir, pack.Options{})
	zr, _ := zip.OpenReader(res.Path)
	defer zr.Close()
	found := false
	for _, f := range zr.File {
		if f.Name == "README.txt" {
			found = f.Mode().IsRegular()
		}
	}
	if !found {
		t.Error("README.txt, a link to README.md, is not a regular file in the zip")
	}

	// A link out of the component stops the build.
	os.Symlink(outside, filepath.Join(dir, "leak.txt"))
	_, _, err := pack.Build(context.Background(), dir, t.TempDir(), pack.Options{Version: "1.0.0"})
	if err == nil || !strings.Contains(err.Error(), "points outside the component") {
		t.Errorf("Build with a link outside = %v", err)
	}
}

// TestSelectReincludes checks that a file a "!" rule takes back ships
// although its directory is excluded, as with composer archive.
func TestSelectReincludes(t *testing.T) {
	dir := copySample(t, 0o644, 0o755)
	os.MkdirAll(filepath.Join(dir, "docs"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "keep.md"), []byte("keep"), 0o644)
	os.WriteFile(filepath.Join(dir, "docs", "drop.md"), []byte("drop"), 0o644)

	sel, err := pack.Select(dir, pack.SelectOptions{
		Excludes: pack.NewExcludes(nil, []string{"/docs", "!/docs/keep.md"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range sel.Files {
		names = append(names, f.Path)
	}
	if !slices.Contains(names, "docs/keep.md") || slices.Contains(names, "docs/drop.md") {
		t.Errorf("selected %q; want docs/keep.md and not docs/drop.md", names)
	}

	// A rule Composer cannot compile stops the selection.
	_, err = pack.Select(dir, pack.SelectOptions{Excludes: pack.NewExcludes(nil, []string{"{a"})})
	if err == nil || !strings.Contains(err.Error(), "archive.exclude[0]") {
		t.Errorf("Select with a broken rule = %v", err)
	}
}
