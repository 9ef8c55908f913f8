package publish_test

import (
	"archive/zip"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/modpack/modpack/internal/publish"
)

// writeZip writes a zip holding manifest as composer.json, under the
// folder top unless it is empty, and returns its path.
func writeZip(t *testing.T, manifest, top string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "pkg.zip")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for file, data := range map[string]string{
		"composer.json":    manifest,
		"registration.php": "<?php\n",
	} {
		w, err := zw.Create(strings.TrimPrefix(top+"/"+file, "/"))
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}

// moduleZip writes the zip of name at version, with extra JSON members.
func moduleZip(t *testing.T, name, version, extra string) string {
	t.Helper()
	m := fmt.Sprintf(`{"name":%q,"version":%q,"type":"magento2-module"%s}`,
		name, version, extra)
	return writeZip(t, m, "")
}

func sha1File(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(data)
	return hex.EncodeToString(sum[:])
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func publishOK(t *testing.T, r *publish.Repo, zip string, opts publish.Options) *publish.Result {
	t.Helper()
	res, err := r.Publish(context.Background(), zip, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// versions returns the versions List reports for the package name.
func versions(t *testing.T, r *publish.Repo, name string) []string {
	t.Helper()
	pkgs, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pkgs {
		if p.Name == name {
			for _, v := range p.Versions {
				got = append(got, v.Version)
			}
		}
	}
	return got
}

func TestPublishLayout(t *testing.T) {
	dir := t.TempDir()
	r, err := publish.Open(dir, "http://repo.example/composer/")
	if err != nil {
		t.Fatal(err)
	}
	old := moduleZip(t, "acme/module-x", "1.0.0", `,"description":"old","extra":{"a":1}`)
	cur := moduleZip(t, "acme/module-x", "1.1.0", `,"source":{"type":"git"}`)
	publishOK(t, r, cur, publish.Options{})
	res := publishOK(t, r, old, publish.Options{})

	// The result names the zip's URL under the base URL's path.
	wantURL := "http://repo.example/composer/dist/acme/module-x/acme-module-x-1.0.0.zip"
	if res.URL != wantURL || res.Status != publish.Added || res.SHA1 != sha1File(t, old) {
		t.Errorf("Publish = %+v, want URL %s, Added", res, wantURL)
	}

	// The root carries the path in metadata-url, since Composer resolves
	// "/…" against the host only.
	want := `{"packages":[],"metadata-url":"/composer/p2/%package%.json",` +
		`"available-packages":["acme/module-x"]}` + "\n"
	if got := readFile(t, filepath.Join(dir, "packages.json")); got != want {
		t.Errorf("packages.json = %s, want %s", got, want)
	}
	want = `{"packages":{"acme/module-x":[]}}` + "\n"
	if got := readFile(t, filepath.Join(dir, "p2/acme/module-x~dev.json")); got != want {
		t.Errorf("~dev.json = %s, want %s", got, want)
	}

	// The p2 file is minified, newest first, with source dropped and
	// the dist added: its reference is its sha1.
	var p2 struct {
		Minified string
		Packages map[string][]map[string]any
	}
	data := readFile(t, filepath.Join(dir, "p2/acme/module-x.json"))
	if err := json.Unmarshal([]byte(data), &p2); err != nil {
		t.Fatal(err)
	}
	if p2.Minified != "composer/2.0" {
		t.Errorf("minified = %q", p2.Minified)
	}
	list := p2.Packages["acme/module-x"]
	if len(list) != 2 {
		t.Fatalf("p2 has %d versions, want 2", len(list))
	}
	sum := sha1File(t, cur)
	wantNew := map[string]any{
		"name": "acme/module-x", "version": "1.1.0", "type": "magento2-module",
		"dist": map[string]any{
			"type": "zip", "shasum": sum, "reference": sum,
			"url": "http://repo.example/composer/dist/acme/module-x/acme-module-x-1.1.0.zip",
		},
	}
	if !reflect.DeepEqual(list[0], wantNew) {
		t.Errorf("newest = %v, want %v", list[0], wantNew)
	}
	if _, ok := list[1]["name"]; ok {
		t.Errorf("second entry repeats the name: %v", list[1])
	}
	expanded := publish.Expand(list)
	if d := expanded[1]["description"]; d != "old" {
		t.Errorf("1.0.0 description = %v, want old", d)
	}

	// The zips are copied byte for byte.
	for _, z := range []struct{ src, version string }{{old, "1.0.0"}, {cur, "1.1.0"}} {
		dist := filepath.Join(dir, "dist/acme/module-x/acme-module-x-"+z.version+".zip")
		if sha1File(t, dist) != sha1File(t, z.src) {
			t.Errorf("%s differs from the zip published", dist)
		}
	}
}

func TestFileURLs(t *testing.T) {
	dir := t.TempDir()
	r, err := publish.Open(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	res := publishOK(t, r, moduleZip(t, "acme/y", "2.0.0", ""), publish.Options{})
	if want := "file://" + dir + "/dist/acme/y/acme-y-2.0.0.zip"; res.URL != want {
		t.Errorf("URL = %s, want %s", res.URL, want)
	}
	root := readFile(t, filepath.Join(dir, "packages.json"))
	if want := `"metadata-url":"file://` + dir + `/p2/%package%.json"`; !strings.Contains(root, want) {
		t.Errorf("packages.json = %s, want %s", root, want)
	}
}

func TestOpenRejectsBaseURL(t *testing.T) {
	for _, u := range []string{"repo.example", "ftp://repo.example", "/repo", "http://h/?x=1"} {
		if _, err := publish.Open(t.TempDir(), u); err == nil {
			t.Errorf("Open(%q) = nil error", u)
		}
	}
}

func TestPublishRefusesZip(t *testing.T) {
	tests := []struct {
		name, manifest, top, want string
	}{
		{"no version", `{"name":"acme/x"}`, "", "has no version; build the zip with modpack build"},
		{"bad version", `{"name":"acme/x","version":"next"}`, "", `version "next" is not`},
		{"bad name", `{"name":"Acme/X","version":"1.0.0"}`, "", `name "Acme/X" is not`},
		{"no manifest", `{}`, "a/b", "no composer.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := publish.Open(t.TempDir(), "")
			zip := writeZip(t, tt.manifest, tt.top)
			_, err := r.Publish(context.Background(), zip, publish.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) ||
				!strings.HasPrefix(err.Error(), zip+": ") {
				t.Errorf("Publish = %v, want %q naming the zip", err, tt.want)
			}
		})
	}
}

func TestPublishTopFolder(t *testing.T) {
	r, _ := publish.Open(t.TempDir(), "")
	zip := writeZip(t, `{"name":"acme/x","version":"1.0.0"}`, "Acme_X")
	publishOK(t, r, zip, publish.Options{})
	if got := versions(t, r, "acme/x"); !reflect.DeepEqual(got, []string{"1.0.0"}) {
		t.Errorf("versions = %v, want [1.0.0]", got)
	}
}

func TestPublishImmutable(t *testing.T) {
	dir := t.TempDir()
	r, _ := publish.Open(dir, "")
	first := moduleZip(t, "acme/x", "1.0.0", "")
	changed := moduleZip(t, "acme/x", "1.0.0", `,"description":"changed"`)
	publishOK(t, r, first, publish.Options{})
	p2 := filepath.Join(dir, "p2/acme/x.json")
	before := readFile(t, p2)

	// The same bytes again change nothing.
	if res := publishOK(t, r, first, publish.Options{}); res.Status != publish.Unchanged {
		t.Errorf("republish status = %v, want Unchanged", res.Status)
	}

	// Other bytes are refused, with both checksums.
	_, err := r.Publish(context.Background(), changed, publish.Options{})
	var conflict *publish.ConflictError
	if !errors.As(err, &conflict) {
		t.Fatalf("Publish(changed) = %v, want a ConflictError", err)
	}
	for _, sum := range []string{sha1File(t, first), sha1File(t, changed)} {
		if !strings.Contains(err.Error(), sum) {
			t.Errorf("error %q lacks sha1 %s", err, sum)
		}
	}
	if readFile(t, p2) != before {
		t.Error("a refused publish changed the p2 file")
	}

	// Unless forced.
	res := publishOK(t, r, changed, publish.Options{Force: true})
	if res.Status != publish.Replaced || res.OldSHA1 != sha1File(t, first) {
		t.Errorf("forced publish = %+v, want Replaced", res)
	}
	pkgs, _ := r.List()
	if got := pkgs[0].Versions; len(got) != 1 || got[0].SHA1 != sha1File(t, changed) {
		t.Errorf("after --force, versions = %+v", got)
	}
}

func TestPublishConcurrent(t *testing.T) {
	dir := t.TempDir()
	const n = 8
	var zips [2][n]string
	for g := range 2 {
		for i := range n {
			zips[g][i] = moduleZip(t, "acme/x", fmt.Sprintf("%d.%d.0", g+1, i), "")
		}
	}

	// Two publishers, each with its own Repo and lock file handle, as
	// two processes would have.
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for g := range 2 {
		wg.Go(func() {
			r, _ := publish.Open(dir, "")
			for _, z := range zips[g] {
				if _, err := r.Publish(context.Background(), z, publish.Options{}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	r, _ := publish.Open(dir, "")
	got := versions(t, r, "acme/x")
	if len(got) != 2*n || got[0] != "2.7.0" || got[len(got)-1] != "1.0.0" {
		t.Errorf("versions = %v, want all %d, newest first", got, 2*n)
	}
}

func TestRebuild(t *testing.T) {
	dir := t.TempDir()
	r, _ := publish.Open(dir, "https://repo.example")
	for _, z := range []string{
		moduleZip(t, "acme/x", "1.0.0", `,"license":"MIT"`),
		moduleZip(t, "acme/x", "1.2.0", ""),
		moduleZip(t, "acme/x", "1.1.0", `,"require":{"php":">=8.1"}`),
		moduleZip(t, "acme/y", "0.1.0", ""),
	} {
		publishOK(t, r, z, publish.Options{})
	}
	files := []string{"packages.json", "p2/acme/x.json", "p2/acme/x~dev.json", "p2/acme/y.json"}
	want := make(map[string]string)
	for _, f := range files {
		want[f] = readFile(t, filepath.Join(dir, f))
	}
	listed, _ := r.List()

	// Lose all metadata, and leave a stale package behind.
	os.RemoveAll(filepath.Join(dir, "p2"))
	os.Remove(filepath.Join(dir, "packages.json"))
	os.MkdirAll(filepath.Join(dir, "p2/gone"), 0o755)
	os.WriteFile(filepath.Join(dir, "p2/gone/z.json"), []byte("{}"), 0o644)

	got, err := r.Rebuild(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, listed) {
		t.Errorf("Rebuild = %+v, want %+v", got, listed)
	}
	for _, f := range files {
		if got := readFile(t, filepath.Join(dir, f)); got != want[f] {
			t.Errorf("rebuilt %s = %s, want %s", f, got, want[f])
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "p2/gone/z.json")); err == nil {
		t.Error("Rebuild kept the p2 file of a package with no zips")
	}
}

// TestCrashAfterDist checks that a publish that died after copying its
// zip, before any metadata, leaves the repository as it was, and that
// publishing again completes it.
func TestCrashAfterDist(t *testing.T) {
	dir := t.TempDir()
	r, _ := publish.Open(dir, "")
	publishOK(t, r, moduleZip(t, "acme/x", "1.0.0", ""), publish.Options{})
	before := readFile(t, filepath.Join(dir, "p2/acme/x.json"))

	// What the dead publish left: a zip, with other bytes than the
	// one published next.
	orphan := filepath.Join(dir, "dist/acme/x/acme-x-1.1.0.zip")
	os.WriteFile(orphan, []byte("half a zip"), 0o644)
	if got := versions(t, r, "acme/x"); !reflect.DeepEqual(got, []string{"1.0.0"}) {
		t.Errorf("versions after crash = %v, want [1.0.0]", got)
	}
	if readFile(t, filepath.Join(dir, "p2/acme/x.json")) != before {
		t.Error("the zip alone changed the metadata")
	}

	next := moduleZip(t, "acme/x", "1.1.0", "")
	if res := publishOK(t, r, next, publish.Options{}); res.Status != publish.Added {
		t.Errorf("publish after crash: status %v, want Added", res.Status)
	}
	if sha1File(t, orphan) != sha1File(t, next) {
		t.Error("the orphan zip was not replaced")
	}
}
