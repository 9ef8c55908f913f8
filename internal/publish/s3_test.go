package publish

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modpack/modpack/internal/composertest"
	"github.com/modpack/modpack/internal/s3test"
)

// s3Config returns the configuration that reaches the gateway g.
func s3Config(g *s3test.Gateway) S3Config {
	return S3Config{
		Endpoint:  g.Addr,
		Region:    g.Region,
		AccessKey: g.AccessKey,
		SecretKey: g.SecretKey,
		PathStyle: true,
		Insecure:  true,
	}
}

// httpGet gets url without credentials, and checks that it is sent as
// it is stored.
func httpGet(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", url, resp.Status, data)
	}
	if enc := resp.Header.Get("Content-Encoding"); enc != "" {
		t.Errorf("GET %s: Content-Encoding %q", url, enc)
	}
	return data
}

// TestS3Publish publishes to a bucket prefix, checks that its objects
// are those a directory repository gets, and installs from it over
// HTTP with the real Composer client.
func TestS3Publish(t *testing.T) {
	g := s3test.Start(t)
	base := g.Bucket(t, "repo", "composer")
	r, err := OpenS3(t.Context(), "s3://repo/composer/", base, s3Config(g))
	if err != nil {
		t.Fatal(err)
	}
	fixture := composertest.WriteFixture(t, "A module that requires nothing")
	zips := []string{
		composertest.BuildZip(t, fixture, "1.0.0"),
		composertest.BuildZip(t, fixture, "1.1.0"),
	}

	// The same zips go to a directory, with the same base URL.
	dir := t.TempDir()
	local, err := Open(dir, base)
	if err != nil {
		t.Fatal(err)
	}
	for _, z := range zips {
		res, err := r.Publish(t.Context(), z, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != Added || res.SHA1 != composertest.SHA1(t, z) ||
			!strings.HasPrefix(res.URL, base+"/dist/") {
			t.Errorf("Publish = %+v, want Added under %s", res, base)
		}
		if _, err := local.Publish(t.Context(), z, Options{}); err != nil {
			t.Fatal(err)
		}
	}

	// The bucket holds the directory's files, byte for byte, readable
	// by anyone over HTTP, and no lock.
	files, err := local.st.list(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(f string) bool { return f == lockName })
	slices.Sort(files)
	var want []string
	for _, f := range files {
		want = append(want, "composer/"+f)
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if got := httpGet(t, base+"/"+f); string(got) != string(data) {
			t.Errorf("%s = %s, want %s", f, got, data)
		}
	}
	if got := g.Keys(t, "repo"); !reflect.DeepEqual(got, want) {
		t.Errorf("keys = %q, want %q", got, want)
	}
	pkgs, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	if got := pkgs[0].Versions; len(got) != 2 || got[0].Version != "1.1.0" {
		t.Errorf("List = %+v, want 1.1.0 and 1.0.0", pkgs)
	}

	// Composer installs the newest version from the bucket.
	t.Run("composer", func(t *testing.T) {
		composertest.Need(t)
		project := composertest.NewProject(t, base)
		composertest.Run(t, project, nil,
			"require", "acme/module-fixture:^1.0", "--no-interaction")
		v := composertest.InstalledVersion(t, project, composertest.Fixture)
		if v != "1.1.0" {
			t.Errorf("installed %s, want 1.1.0", v)
		}
	})
}

func TestS3Immutable(t *testing.T) {
	g := s3test.Start(t)
	base := g.Bucket(t, "repo", "composer")
	r, err := OpenS3(t.Context(), "s3://repo/composer", base, s3Config(g))
	if err != nil {
		t.Fatal(err)
	}
	first := composertest.BuildZip(t, composertest.WriteFixture(t, "first"), "1.0.0")
	changed := composertest.BuildZip(t, composertest.WriteFixture(t, "changed"), "1.0.0")
	if _, err := r.Publish(t.Context(), first, Options{}); err != nil {
		t.Fatal(err)
	}
	p2 := base + "/p2/acme/module-fixture.json"
	before := httpGet(t, p2)

	// The same bytes again change nothing.
	res, err := r.Publish(t.Context(), first, Options{})
	if err != nil || res.Status != Unchanged {
		t.Errorf("republish = %+v, %v, want Unchanged", res, err)
	}

	// Other bytes are refused, with both checksums.
	_, err = r.Publish(t.Context(), changed, Options{})
	var conflict *ConflictError
	if !errors.As(err, &conflict) {
		t.Fatalf("Publish(changed) = %v, want a ConflictError", err)
	}
	for _, s := range []string{composertest.SHA1(t, first), composertest.SHA1(t, changed)} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q lacks sha1 %s", err, s)
		}
	}
	if string(httpGet(t, p2)) != string(before) {
		t.Error("a refused publish changed the p2 file")
	}

	// Unless forced, which replaces the zip.
	res, err = r.Publish(t.Context(), changed, Options{Force: true})
	if err != nil || res.Status != Replaced ||
		res.OldSHA1 != composertest.SHA1(t, first) {
		t.Fatalf("forced publish = %+v, %v, want Replaced", res, err)
	}
	zip := httpGet(t, res.URL)
	s := sha1.Sum(zip)
	if hex.EncodeToString(s[:]) != composertest.SHA1(t, changed) {
		t.Error("the forced publish left the old zip")
	}
}

func TestS3PublishConcurrent(t *testing.T) {
	g := s3test.Start(t)
	base := g.Bucket(t, "repo", "composer")
	fixture := composertest.WriteFixture(t, "concurrent")
	const n = 4
	var zips [2][n]string
	for p := range 2 {
		for i := range n {
			zips[p][i] = composertest.BuildZip(t, fixture, fmt.Sprintf("%d.%d.0", p+1, i))
		}
	}

	// Two publishers, each with its own Repo, as two processes would
	// have.
	var wg sync.WaitGroup
	errs := make(chan error, 2*n+2)
	for p := range 2 {
		wg.Go(func() {
			r, err := OpenS3(t.Context(), "s3://repo/composer", base, s3Config(g))
			if err != nil {
				errs <- err
				return
			}
			for _, z := range zips[p] {
				if _, err := r.Publish(t.Context(), z, Options{}); err != nil {
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

	r, _ := OpenS3(t.Context(), "s3://repo/composer", base, s3Config(g))
	pkgs, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 || len(pkgs[0].Versions) != 2*n || pkgs[0].Versions[0].Version != "2.3.0" {
		t.Errorf("List = %+v, want all %d versions, newest first", pkgs, 2*n)
	}
}

func TestS3Lock(t *testing.T) {
	g := s3test.Start(t)
	g.Bucket(t, "repo", "composer")
	newStore := func() *s3Store {
		return &s3Store{c: g.Client, bucket: "repo", prefix: "composer", stale: time.Minute}
	}

	// Of two lockers let loose at once, one waits for the other.
	const hold = 300 * time.Millisecond
	began := time.Now()
	var wg sync.WaitGroup
	var held, overlaps atomic.Int32
	start := make(chan struct{})
	for range 2 {
		wg.Go(func() {
			<-start
			unlock, err := newStore().lock(t.Context())
			if err != nil {
				t.Error(err)
				return
			}
			if held.Add(1) > 1 {
				overlaps.Add(1)
			}
			time.Sleep(hold)
			held.Add(-1)
			unlock()
		})
	}
	close(start)
	wg.Wait()
	if overlaps.Load() > 0 || time.Since(began) < 2*hold {
		t.Error("two lockers held the lock at once")
	}

	// A lock held too long is an error naming it, not a wait.
	unlock, err := newStore().lock(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	waiter := newStore()
	waiter.stale = time.Nanosecond
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err = waiter.lock(ctx)
	want := "lock s3://repo/composer/.modpack.lock is held by "
	if err == nil || !strings.HasPrefix(err.Error(), want) ||
		!strings.Contains(err.Error(), "if no publisher is running, delete it") {
		t.Errorf("lock = %v, want %q…", err, want)
	}
}

func TestOpenS3Rejects(t *testing.T) {
	tests := []struct{ url, base, want string }{
		{"http://repo/composer", "http://h/", "is not an s3://bucket/prefix URL"},
		{"s3:///composer", "http://h/", "is not an s3://bucket/prefix URL"},
		{"s3://repo?x=1", "http://h/", "has a query or fragment"},
		{"s3://repo/composer", "", "needs a base URL"},
		{"s3://repo/composer", "ftp://h/", "is not an absolute http or https URL"},
	}
	for _, tt := range tests {
		_, err := OpenS3(t.Context(), tt.url, tt.base, S3Config{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("OpenS3(%q, %q) = %v, want %q", tt.url, tt.base, err, tt.want)
		}
	}
}
