package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/modpack/modpack/internal/s3test"
)

// buildSample builds the sample module at version 1.0.0 through the CLI
// and returns the zip's path.
func buildSample(t *testing.T) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := []string{"build", "--version", "1.0.0", "-o", t.TempDir(), "../../testdata/sample/order-export"}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("build = %d: %s", code, &stderr)
	}
	return strings.TrimSpace(stdout.String())
}

// TestPublishToRegistry uploads a zip to a stand-in Nexus through the
// CLI, with credentials from the environment only.
func TestPublishToRegistry(t *testing.T) {
	zip := buildSample(t)
	var stdout, stderr bytes.Buffer
	want, _ := os.ReadFile(zip)

	var got struct {
		method, path, user, pass string
		body                     []byte
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.method, got.path = r.Method, r.URL.Path
		got.user, got.pass, _ = r.BasicAuth()
		got.body, _ = io.ReadAll(r.Body)
	}))
	defer srv.Close()

	t.Setenv("MODPACK_USERNAME", "deployer")
	t.Setenv("MODPACK_PASSWORD", "s3cret")
	t.Setenv("COMPOSER_AUTH", "")
	t.Setenv("COMPOSER_HOME", t.TempDir())
	stdout.Reset()
	stderr.Reset()
	code := run([]string{"publish", zip, "--kind", "nexus", "--to", srv.URL + "/repository/composer"},
		&stdout, &stderr)
	if code != 0 {
		t.Fatalf("publish to nexus = %d: %s", code, &stderr)
	}
	if got.method != http.MethodPut ||
		got.path != "/repository/composer/packages/upload/acme/module-order-export/1.0.0" ||
		got.user != "deployer" || got.pass != "s3cret" || !bytes.Equal(got.body, want) {
		t.Errorf("request = %s %s as %s:%s with %d bytes; want PUT of the zip as deployer",
			got.method, got.path, got.user, got.pass, len(got.body))
	}
	if strings.Contains(stdout.String()+stderr.String(), "s3cret") {
		t.Error("the password appears in the output")
	}

	// --kind is required for an https:// target.
	stderr.Reset()
	if code := run([]string{"publish", zip, "--to", srv.URL}, &stdout, &stderr); code != 2 {
		t.Errorf("publish to a URL without --kind = %d, want 2: %s", code, &stderr)
	}
}

// TestPublishToS3 publishes through the CLI into a bucket of a real
// S3-compatible server, signing with the usual AWS variables, and reads
// the repository back over plain HTTP as Composer would.
func TestPublishToS3(t *testing.T) {
	g := s3test.Start(t)
	base := g.Bucket(t, "packages", "composer")

	zip := buildSample(t)
	var stdout, stderr bytes.Buffer

	t.Setenv("AWS_ACCESS_KEY_ID", g.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", g.SecretKey)
	t.Setenv("AWS_REGION", g.Region)
	stdout.Reset()
	stderr.Reset()
	code := run([]string{"publish", zip, "--to", "s3://packages/composer",
		"--endpoint", "http://" + g.Addr, "--path-style", "--base-url", base}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("publish to S3 = %d: %s", code, &stderr)
	}
	want := base + "/dist/acme/module-order-export/acme-module-order-export-1.0.0.zip\n"
	if stdout.String() != want {
		t.Errorf("publish printed %q, want %q", &stdout, want)
	}

	resp, err := http.Get(base + "/packages.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"acme/module-order-export"`) {
		t.Errorf("GET packages.json = %s: %s", resp.Status, body)
	}
	if strings.Contains(stdout.String()+stderr.String(), g.SecretKey) {
		t.Error("the secret key appears in the output")
	}
}
