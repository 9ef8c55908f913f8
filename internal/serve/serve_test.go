package serve_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modpack/modpack/internal/composertest"
	"github.com/modpack/modpack/internal/serve"
	"golang.org/x/crypto/bcrypt"
)

// newRepo writes a small repository into a new directory and returns
// it. Beside it, outside the repository, lies outside.txt, which a
// symbolic link escape.txt in the repository points at.
func newRepo(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "repo")
	files := map[string]string{
		"packages.json":             `{"packages":[]}`,
		"p2/acme/module-tiny.json":  `{"packages":{}}`,
		"dist/acme-tiny-1.0.0.zip":  "PK\x05\x06" + strings.Repeat("\x00", 18),
		"readme.txt":                "hello\n",
		"logo.png":                  "\x89PNG\r\n\x1a\n",
		".modpack.lock":             "locked",
		".tmp123":                   "partial",
		"p2/acme/.hidden.json":      "{}",
		"../outside.txt":            "secret",
		"p2/acme/module-empty.json": "",
	}
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), content)
	}
	err := os.Symlink(filepath.Join(base, "outside.txt"), filepath.Join(dir, "escape.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("readme.txt", filepath.Join(dir, "inside.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newHandler(t *testing.T, dir string, opts serve.Options) http.Handler {
	t.Helper()
	h, err := serve.Handler(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// do sends a request for target through h with the headers given as
// name, value pairs.
func do(h http.Handler, method, target string, header ...string) *http.Response {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func TestContentType(t *testing.T) {
	h := newHandler(t, newRepo(t), serve.Options{})
	tests := []struct {
		path string
		want string
	}{
		{"/packages.json", "application/json"},
		{"/p2/acme/module-tiny.json", "application/json"},
		{"/p2/acme/module-empty.json", "application/json"},
		{"/dist/acme-tiny-1.0.0.zip", "application/zip"},
		{"/readme.txt", "text/plain; charset=utf-8"},
		{"/logo.png", "image/png"},
		{"/inside.txt", "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		res := do(h, "GET", tt.path)
		got := res.Header.Get("Content-Type")
		if res.StatusCode != 200 || got != tt.want {
			t.Errorf("GET %s = %d %q, want 200 %q", tt.path, res.StatusCode, got, tt.want)
		}
	}
}

func TestNotFound(t *testing.T) {
	h := newHandler(t, newRepo(t), serve.Options{})
	paths := []string{
		"/",
		"/missing.json",
		"/p2/acme/missing.json",
		"/p2",
		"/p2/",
		"/p2//acme/module-tiny.json",
		"/.modpack.lock",
		"/.tmp123",
		"/p2/acme/.hidden.json",
		"/./packages.json",
		"/../outside.txt",
		"/p2/../../outside.txt",
		"/%2e%2e/outside.txt",
		"/p2/..%2f..%2foutside.txt",
		"/escape.txt",
		"/p2%5c..%5cpackages.json",
	}
	for _, p := range paths {
		res := do(h, "GET", p)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.StatusCode)
		}
	}
}

func TestMethods(t *testing.T) {
	h := newHandler(t, newRepo(t), serve.Options{})
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		res := do(h, m, "/packages.json")
		allow := res.Header.Get("Allow")
		if res.StatusCode != http.StatusMethodNotAllowed || allow != "GET, HEAD" {
			t.Errorf("%s = %d, Allow %q; want 405, %q", m, res.StatusCode, allow, "GET, HEAD")
		}
	}

	// HEAD tells the length and type without the body.
	res := do(h, "HEAD", "/packages.json")
	var body bytes.Buffer
	body.ReadFrom(res.Body)
	if res.StatusCode != 200 || body.Len() != 0 ||
		res.Header.Get("Content-Length") != "15" ||
		res.Header.Get("Content-Type") != "application/json" {
		t.Errorf("HEAD = %d, %d body bytes, headers %v", res.StatusCode, body.Len(), res.Header)
	}
}

func TestConditional(t *testing.T) {
	dir := newRepo(t)
	h := newHandler(t, dir, serve.Options{})
	res := do(h, "GET", "/packages.json")
	etag, lastMod := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	if !strings.HasPrefix(etag, `"`) || lastMod == "" {
		t.Fatalf("GET: ETag %q, Last-Modified %q; want a strong ETag and a date", etag, lastMod)
	}

	tests := []struct {
		name   string
		header []string
		want   int
	}{
		{"same etag", []string{"If-None-Match", etag}, 304},
		{"one of etags", []string{"If-None-Match", `"x", ` + etag}, 304},
		{"star", []string{"If-None-Match", "*"}, 304},
		{"other etag", []string{"If-None-Match", `"x"`}, 200},
		{"not modified since", []string{"If-Modified-Since", lastMod}, 304},
		{"modified since", []string{"If-Modified-Since", "Mon, 02 Jan 2006 15:04:05 GMT"}, 200},
		// If-None-Match wins over If-Modified-Since.
		{"etag differs", []string{"If-None-Match", `"x"`, "If-Modified-Since", lastMod}, 200},
	}
	for _, tt := range tests {
		if got := do(h, "GET", "/packages.json", tt.header...).StatusCode; got != tt.want {
			t.Errorf("%s: GET with %q = %d, want %d", tt.name, tt.header, got, tt.want)
		}
	}

	// A rewritten file, even of the same size, gets a new ETag.
	name := filepath.Join(dir, "packages.json")
	writeFile(t, name, `{"packages":{}}`)
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
	res = do(h, "GET", "/packages.json", "If-None-Match", etag)
	if res.StatusCode != 200 || res.Header.Get("ETag") == etag {
		t.Errorf("GET after rewrite = %d, ETag %q; want 200 and a new ETag",
			res.StatusCode, res.Header.Get("ETag"))
	}
}

// htpasswd returns an htpasswd file with user "bob" (bcrypt, with
// Apache's $2y$ prefix, password "hunter2") and user "sam" ({SHA},
// password "s3cret").
func htpasswd(t *testing.T) string {
	t.Helper()
	b, err := bcrypt.GenerateFromPassword([]byte("hunter2"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	bob := "$2y$" + strings.TrimPrefix(string(b), "$2a$")
	sum := sha1.Sum([]byte("s3cret"))
	sam := "{SHA}" + base64.StdEncoding.EncodeToString(sum[:])
	name := filepath.Join(t.TempDir(), "htpasswd")
	writeFile(t, name, "# team\n\nbob:"+bob+"\nsam:"+sam+"\n")
	return name
}

func TestAuth(t *testing.T) {
	h := newHandler(t, newRepo(t), serve.Options{AuthFile: htpasswd(t)})
	basic := func(user, pass string) []string {
		cred := base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
		return []string{"Authorization", "Basic " + cred}
	}
	tests := []struct {
		name   string
		path   string
		header []string
		want   int
	}{
		{"no header", "/packages.json", nil, 401},
		{"no header, missing file", "/missing.json", nil, 401},
		{"not basic", "/packages.json", []string{"Authorization", "Bearer x"}, 401},
		{"wrong bcrypt", "/packages.json", basic("bob", "hunter3"), 401},
		{"wrong sha", "/packages.json", basic("sam", "hunter2"), 401},
		{"unknown user", "/packages.json", basic("eve", "hunter2"), 401},
		{"bcrypt", "/packages.json", basic("bob", "hunter2"), 200},
		{"bcrypt again", "/packages.json", basic("bob", "hunter2"), 200},
		{"wrong after right", "/packages.json", basic("bob", "hunter"), 401},
		{"sha", "/packages.json", basic("sam", "s3cret"), 200},
		{"right, missing file", "/missing.json", basic("sam", "s3cret"), 404},
	}
	for _, tt := range tests {
		res := do(h, "GET", tt.path, tt.header...)
		if res.StatusCode != tt.want {
			t.Errorf("%s: GET %s = %d, want %d", tt.name, tt.path, res.StatusCode, tt.want)
		}
		challenge := res.Header.Get("WWW-Authenticate")
		if tt.want == 401 && challenge != `Basic realm="modpack"` {
			t.Errorf("%s: WWW-Authenticate = %q", tt.name, challenge)
		}
	}

	// Users given directly work the same way.
	sum := sha1.Sum([]byte("pw"))
	h = newHandler(t, newRepo(t), serve.Options{
		Users: map[string]string{"u": "{SHA}" + base64.StdEncoding.EncodeToString(sum[:])},
	})
	if got := do(h, "GET", "/packages.json", basic("u", "pw")...).StatusCode; got != 200 {
		t.Errorf("Users: GET = %d, want 200", got)
	}
}

func TestAuthFileErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{"md5", "# c\nbob:$apr1$abc$def\n", `:2: user "bob": unsupported password hash`},
		{"plain", "\nbob:secret\n", `:2: user "bob": unsupported password hash`},
		{"crypt", "bob:rl0P0nFz1vM9g\n", `:1: user "bob": unsupported`},
		{"no colon", "bob:{SHA}AAAAAAAAAAAAAAAAAAAAAAAAAAA=\nsam\n", ":2: want user:hash"},
		{"no user", ":{SHA}AAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", ":1: want user:hash"},
		{"bad sha", "bob:{SHA}abc\n", `:1: user "bob": malformed {SHA} hash`},
		{"bad bcrypt", "bob:$2y$10$short\n", `:1: user "bob": malformed bcrypt hash`},
		{
			"twice",
			"bob:{SHA}AAAAAAAAAAAAAAAAAAAAAAAAAAA=\nbob:{SHA}AAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
			`:2: user "bob" appears twice`,
		},
		{"empty", "# nobody\n", ": no users"},
	}
	dir := newRepo(t)
	for _, tt := range tests {
		name := filepath.Join(t.TempDir(), "htpasswd")
		writeFile(t, name, tt.content)
		_, err := serve.Handler(dir, serve.Options{AuthFile: name})
		if err == nil || !strings.Contains(err.Error(), name+tt.want) {
			t.Errorf("%s: Handler error = %v, want %q", tt.name, err, name+tt.want)
		}
	}

	// A bad hash in Users names the user; a missing file or directory
	// is an error too.
	_, err := serve.Handler(dir, serve.Options{Users: map[string]string{"bob": "x"}})
	if err == nil || !strings.Contains(err.Error(), `user "bob": unsupported`) {
		t.Errorf("Handler with a plain password in Users: %v", err)
	}
	missing := filepath.Join(dir, "nope")
	if _, err := serve.Handler(dir, serve.Options{AuthFile: missing}); err == nil {
		t.Error("Handler with a missing auth file succeeded")
	}
	if _, err := serve.Handler(missing, serve.Options{}); err == nil {
		t.Error("Handler of a missing directory succeeded")
	}
}

// TestComposerRequire installs a package from the handler with the real
// Composer client, through basic authentication. The test script
// installs Composer; elsewhere the test is skipped, but never in CI.
func TestComposerRequire(t *testing.T) {
	composertest.Need(t)

	// Serve a repository with one package, behind basic authentication.
	dir := t.TempDir()
	sum := sha1.Sum([]byte("p"))
	srv := httptest.NewServer(newHandler(t, dir, serve.Options{
		Users: map[string]string{"u": "{SHA}" + base64.StdEncoding.EncodeToString(sum[:])},
	}))
	defer srv.Close()
	writeComposerRepo(t, dir, srv.URL)

	// Require the package in a fresh project, without and with
	// credentials.
	project := composertest.NewProject(t, srv.URL)
	composer := func(auth string) ([]byte, error) {
		return composertest.TryRun(t, project, []string{"COMPOSER_AUTH=" + auth},
			"require", "acme/module-tiny:1.0.0", "--no-interaction")
	}
	out, err := composer("")
	if err == nil || !bytes.Contains(out, []byte("401")) {
		t.Fatalf("composer require without credentials: %v, want a 401:\n%s", err, out)
	}

	// Composer looks credentials up by host and port.
	host := strings.TrimPrefix(srv.URL, "http://")
	auth := `{"http-basic":{"` + host + `":{"username":"u","password":"p"}}}`
	if out, err := composer(auth); err != nil {
		t.Fatalf("composer require: %v\n%s", err, out)
	}
	installed := filepath.Join(project, "vendor", "acme", "module-tiny", "composer.json")
	if _, err := os.Stat(installed); err != nil {
		t.Errorf("package not installed: %v", err)
	}
}

// writeComposerRepo writes a static Composer repository into dir with
// acme/module-tiny 1.0.0, whose zip is served from url.
func writeComposerRepo(t *testing.T, dir, url string) {
	t.Helper()

	// The zip holds only composer.json, at its root.
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, err := zw.Create("composer.json")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`{"name":"acme/module-tiny","type":"library","version":"1.0.0"}`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	const zipName = "dist/acme-module-tiny-1.0.0.zip"
	writeFile(t, filepath.Join(dir, zipName), zbuf.String())
	zipSum := sha1.Sum(zbuf.Bytes())

	// Composer 2 metadata: packages.json points at p2/.
	writeJSON(t, filepath.Join(dir, "packages.json"), map[string]any{
		"packages":           []any{},
		"metadata-url":       "/p2/%package%.json",
		"available-packages": []string{"acme/module-tiny"},
	})
	version := map[string]any{
		"name":               "acme/module-tiny",
		"type":               "library",
		"version":            "1.0.0",
		"version_normalized": "1.0.0.0",
		"dist": map[string]any{
			"type":   "zip",
			"url":    url + "/" + zipName,
			"shasum": hex.EncodeToString(zipSum[:]),
		},
	}
	writeJSON(t, filepath.Join(dir, "p2/acme/module-tiny.json"), map[string]any{
		"packages": map[string]any{"acme/module-tiny": []any{version}},
	})
	writeJSON(t, filepath.Join(dir, "p2/acme/module-tiny~dev.json"), map[string]any{
		"packages": map[string]any{},
	})
}

func writeJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, name, string(data))
}
