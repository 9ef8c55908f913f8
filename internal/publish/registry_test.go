package publish

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// registryZip writes a zip of acme/module-pay 1.2.0 and returns its
// path and bytes.
func registryZip(t *testing.T) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("composer.json")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `{"name":"acme/module-pay","version":"1.2.0"}`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "pkg.zip")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name, buf.Bytes()
}

func hexSum(h interface{ Sum([]byte) []byte }) string {
	return hex.EncodeToString(h.Sum(nil))
}

// testRegistry opens the registry of kind at the server's URL plus
// path, with a sleep that records its waits instead of waiting.
func testRegistry(t *testing.T, kind string, srv *httptest.Server, path string,
	creds Credentials) (*Registry, *[]time.Duration) {
	t.Helper()
	r, err := OpenRegistry(kind, srv.URL+path, creds)
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	r.client = srv.Client()
	r.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	return r, &waits
}

// flaky answers the first n requests with status, then calls h.
func flaky(n int32, status int, calls *atomic.Int32, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		io.Copy(io.Discard, req.Body)
		if calls.Add(1) <= n {
			http.Error(w, "try later", status)
			return
		}
		h(w, req)
	}
}

// check reports a request that differs from what an API takes.
func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func TestUploadNexus(t *testing.T) {
	zipPath, data := registryZip(t)
	var calls atomic.Int32
	srv := httptest.NewServer(flaky(2, http.StatusServiceUnavailable, &calls,
		func(w http.ResponseWriter, req *http.Request) {
			check(t, "method", req.Method, "PUT")
			check(t, "path", req.URL.Path,
				"/repository/hosted/packages/upload/acme/module-pay/1.2.0")
			check(t, "query", req.URL.RawQuery, "")
			check(t, "content type", req.Header.Get("Content-Type"), "application/zip")
			user, pass, _ := req.BasicAuth()
			check(t, "basic auth", user+":"+pass, "ci:hunter2")
			if req.ContentLength != int64(len(data)) {
				t.Errorf("ContentLength = %d, want %d", req.ContentLength, len(data))
			}
		}))
	defer srv.Close()

	// The body is checked on every attempt, retried ones too.
	inner := srv.Config.Handler
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		if !bytes.Equal(body, data) {
			t.Errorf("attempt %d: body differs from the zip", calls.Load()+1)
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		inner.ServeHTTP(w, req)
	})

	r, waits := testRegistry(t, "nexus", srv, "/repository/hosted/",
		Credentials{Username: "ci", Password: "hunter2"})
	res, err := r.Upload(context.Background(), zipPath)
	if err != nil {
		t.Fatal(err)
	}
	want := srv.URL + "/repository/hosted/packages/upload/acme/module-pay/1.2.0"
	if res.URL != want || res.Name != "acme/module-pay" || res.Version != "1.2.0" ||
		res.SHA1 != hexSum(sha1Of(data)) || res.Status != Added {
		t.Errorf("Upload = %+v, want URL %s", res, want)
	}
	if n := calls.Load(); n != 3 || len(*waits) != 2 {
		t.Errorf("attempts = %d, waits = %v; want 3 attempts, 2 waits", n, *waits)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func sha1Of(data []byte) interface{ Sum([]byte) []byte } {
	h := sha1.New()
	h.Write(data)
	return h
}

// artifactoryServer answers like Artifactory's deploy call, after one
// 500, reporting sha1 as the stored zip's sha1.
func artifactoryServer(
	t *testing.T,
	data []byte,
	calls *atomic.Int32,
	sha1 string,
) *httptest.Server {
	return httptest.NewServer(flaky(1, http.StatusInternalServerError, calls,
		func(w http.ResponseWriter, req *http.Request) {
			check(t, "method", req.Method, "PUT")
			check(t, "path", req.URL.Path,
				"/artifactory/composer-local/acme/module-pay/module-pay-1.2.0.zip")
			check(t, "query", req.URL.RawQuery, "properties=composer.version=1.2.0")
			check(t, "authorization", req.Header.Get("Authorization"), "Bearer tok3n")
			check(t, "content type", req.Header.Get("Content-Type"), "application/zip")

			m, s := md5.New(), sha256.New()
			m.Write(data)
			s.Write(data)
			w.Header().Set("X-Checksum-Sha1", sha1)
			w.Header().Set("Content-Type", "application/vnd.org.jfrog."+
				"artifactory.storage.ItemCreated+json")
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, `{"repo":"composer-local",
  "path":"/acme/module-pay/module-pay-1.2.0.zip",
  "downloadUri":"https://art.example/artifactory/composer-local/`+
				`acme/module-pay/module-pay-1.2.0.zip",
  "checksums":{"sha1":%q,"md5":%q,"sha256":%q}}`, sha1, hexSum(m), hexSum(s))
		}))
}

func TestUploadArtifactory(t *testing.T) {
	zipPath, data := registryZip(t)
	var calls atomic.Int32
	srv := artifactoryServer(t, data, &calls, hexSum(sha1Of(data)))
	defer srv.Close()

	r, _ := testRegistry(t, "artifactory", srv, "/artifactory/composer-local",
		Credentials{Token: "tok3n"})
	res, err := r.Upload(context.Background(), zipPath)
	if err != nil {
		t.Fatal(err)
	}
	want := "https://art.example/artifactory/composer-local/acme/module-pay/module-pay-1.2.0.zip"
	if res.URL != want {
		t.Errorf("Upload URL = %q, want %q", res.URL, want)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("attempts = %d, want 2", n)
	}
}

func TestUploadChecksumMismatch(t *testing.T) {
	zipPath, data := registryZip(t)
	var calls atomic.Int32
	bad := strings.Repeat("ab", 20)
	srv := artifactoryServer(t, data, &calls, bad)
	defer srv.Close()

	r, _ := testRegistry(t, "artifactory", srv, "/artifactory/composer-local",
		Credentials{Token: "tok3n"})
	_, err := r.Upload(context.Background(), zipPath)
	if err == nil || !strings.Contains(err.Error(), bad) ||
		!strings.Contains(err.Error(), hexSum(sha1Of(data))) {
		t.Errorf("Upload error = %v, want one naming sha1 %s and the zip's", err, bad)
	}
}

func TestUploadPacketon(t *testing.T) {
	zipPath, data := registryZip(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		calls.Add(1)
		check(t, "method", req.Method, "POST")
		check(t, "path", req.URL.Path, "/packages/upload/acme/module-pay/1.2.0")
		user, pass, _ := req.BasicAuth()
		check(t, "basic auth", user+":"+pass, "admin:api-token")
		if req.ContentLength <= int64(len(data)) {
			t.Errorf("ContentLength = %d, want the multipart length", req.ContentLength)
		}

		// One part, the zip, as Packeton's form reads it.
		mr, err := req.MultipartReader()
		if err != nil {
			t.Fatal(err)
		}
		p, err := mr.NextPart()
		if err != nil {
			t.Fatal(err)
		}
		check(t, "field", p.FormName(), "package")
		check(t, "file name", p.FileName(), "pkg.zip")
		check(t, "part type", p.Header.Get("Content-Type"), "application/zip")
		body, _ := io.ReadAll(p)
		if !bytes.Equal(body, data) {
			t.Error("package part differs from the zip")
		}
		if _, err := mr.NextPart(); err != io.EOF {
			t.Errorf("second part: err = %v, want io.EOF", err)
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, "[]")
	}))
	defer srv.Close()

	r, _ := testRegistry(t, "packeton", srv, "",
		Credentials{Username: "admin", Password: "api-token"})
	res, err := r.Upload(context.Background(), zipPath)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "URL", res.URL, srv.URL+"/packages/upload/acme/module-pay/1.2.0")
	if n := calls.Load(); n != 1 {
		t.Errorf("attempts = %d, want 1", n)
	}
}

// authRE matches Private Packagist's Authorization header.
var authRE = regexp.MustCompile(`^PACKAGIST-HMAC-SHA256 Key=(\w+), ` +
	`Timestamp=(\d+), Cnonce=([0-9a-f]{40}), Version=2, Signature=(\S+)$`)

// checkSignature checks req's signature over body with secret, computed
// here independently of packagistAuth.
func checkSignature(t *testing.T, req *http.Request, body []byte, secret string) {
	t.Helper()
	m := authRE.FindStringSubmatch(req.Header.Get("Authorization"))
	if m == nil {
		t.Errorf("%s %s: Authorization = %q", req.Method, req.URL.Path,
			req.Header.Get("Authorization"))
		return
	}
	params := map[string]string{
		"key": m[1], "timestamp": m[2], "cnonce": m[3], "version": "2", "query": "",
	}
	if len(body) > 0 {
		params["body"] = string(body)
	}
	enc := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			c := s[i]
			if strings.IndexByte("-._~", c) >= 0 || ('0' <= c && c <= '9') ||
				('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
		return b.String()
	}
	var pairs []string
	for k, v := range params {
		pairs = append(pairs, enc(k)+"="+enc(v))
	}
	slices.Sort(pairs)
	host, _, _ := strings.Cut(req.Host, ":")
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%s\n%s\n%s\n%s", req.Method, host, req.URL.Path, strings.Join(pairs, "&"))
	if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); m[4] != want {
		t.Errorf("%s %s: signature %s, want %s", req.Method, req.URL.Path, m[4], want)
	}
}

func TestUploadPrivatePackagist(t *testing.T) {
	tests := []struct {
		name     string
		existing string // the package's artifacts, or "" for none
		method   string
		path     string
		payload  string
	}{
		{"new", "", "POST", "/api/packages/",
			`{"artifactIds":[7],"repoType":"artifact"}`},
		{"existing", `[{"id":5,"name":"a.zip"},{"id":3,"name":"b.zip"}]`,
			"PUT", "/api/packages/acme/module-pay/",
			`{"artifactIds":[3,5,7],"repoType":"artifact"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			zipPath, data := registryZip(t)
			var uploads, saved atomic.Int32
			mux := http.NewServeMux()
			mux.HandleFunc("GET /api/packages/acme/module-pay/artifacts/",
				func(w http.ResponseWriter, req *http.Request) {
					checkSignature(t, req, nil, "s3cret")
					if tt.existing == "" {
						http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
						return
					}
					io.WriteString(w, tt.existing)
				})
			save := func(w http.ResponseWriter, req *http.Request) {
				saved.Add(1)
				body, _ := io.ReadAll(req.Body)
				checkSignature(t, req, body, "s3cret")
				check(t, "content type", req.Header.Get("Content-Type"), "application/json")
				check(t, "payload", string(body), tt.payload)
				w.WriteHeader(http.StatusCreated)
				io.WriteString(w, `{"id":1,"name":"acme/module-pay"}`)
			}
			mux.HandleFunc(tt.method+" "+tt.path, save)

			// The artifact upload fails once, and is signed afresh.
			upload := func(w http.ResponseWriter, req *http.Request) {
				check(t, "content type", req.Header.Get("Content-Type"), "application/zip")
				check(t, "X-FILENAME", req.Header.Get("X-FILENAME"), "pkg.zip")
				check(t, "accept", req.Header.Get("Accept"), "application/json")
				body, _ := io.ReadAll(req.Body)
				if !bytes.Equal(body, data) {
					t.Error("artifact body differs from the zip")
				}
				checkSignature(t, req, body, "s3cret")
				if uploads.Add(1) == 1 {
					http.Error(w, "bad gateway", http.StatusBadGateway)
					return
				}
				w.WriteHeader(http.StatusCreated)
				io.WriteString(w, `{"id":7,"name":"pkg.zip","type":"application/zip"}`)
			}
			mux.HandleFunc("POST /api/packages/artifacts/", upload)
			srv := httptest.NewServer(mux)
			defer srv.Close()

			r, _ := testRegistry(t, "private-packagist", srv, "",
				Credentials{Username: "k3y", Password: "s3cret"})
			res, err := r.Upload(context.Background(), zipPath)
			if err != nil {
				t.Fatal(err)
			}
			check(t, "URL", res.URL, srv.URL+"/api/packages/artifacts/7/")
			if uploads.Load() != 2 || saved.Load() != 1 {
				t.Errorf("uploads = %d, saves = %d; want 2, 1", uploads.Load(), saved.Load())
			}
		})
	}
}

// TestPackagistAuth checks signatures against ones PHP computed with
// http_build_query(..., PHP_QUERY_RFC3986) and hash_hmac.
func TestPackagistAuth(t *testing.T) {
	body := []byte("PK\x03\x04 a+b/c=d&e~f_g.h-i\xff\x00\n")
	tests := []struct {
		method, path string
		body         []byte
		want         string
	}{
		{"POST", "/api/packages/artifacts/", body,
			"z8Dz7+ilAJrKz7RIJZde0QGTtuunP50nE7IZ9Fbw8tE="},
		{"GET", "/api/packages/acme/x/artifacts/", nil,
			"hVqmuGdYzUldvRtYtqLC0ioXnel9jmmftlKZZd+oB4g="},
	}
	for _, tt := range tests {
		u := mustURL(t, "https://packagist.example:8443"+tt.path)
		req := request{method: tt.method, url: u}
		if tt.body != nil {
			req.body = func() (io.ReadCloser, int64, error) {
				return io.NopCloser(bytes.NewReader(tt.body)), int64(len(tt.body)), nil
			}
		}
		got, err := packagistAuth(req, "k3y", "s3cret", time.Unix(1700000000, 0), "00ff")
		if err != nil {
			t.Fatal(err)
		}
		want := "PACKAGIST-HMAC-SHA256 Key=k3y, Timestamp=1700000000, Cnonce=00ff, " +
			"Version=2, Signature=" + tt.want
		if got != want {
			t.Errorf("packagistAuth(%s %s) = %q, want %q", tt.method, tt.path, got, want)
		}
	}
}

func TestUploadNoRetryOn4xx(t *testing.T) {
	zipPath, _ := registryZip(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		calls.Add(1)
		http.Error(w, "  version 1.2.0\n already exists "+strings.Repeat("x", 500),
			http.StatusConflict)
	}))
	defer srv.Close()

	r, waits := testRegistry(t, "nexus", srv, "/repository/hosted",
		Credentials{Username: "ci", Password: "hunter2"})
	_, err := r.Upload(context.Background(), zipPath)
	var he *HTTPError
	if !errors.As(err, &he) || he.StatusCode != http.StatusConflict {
		t.Fatalf("Upload error = %v, want an *HTTPError 409", err)
	}
	msg := err.Error()
	for _, want := range []string{"upload acme/module-pay 1.2.0 to nexus at " + srv.URL,
		"409 Conflict: version 1.2.0 already exists xxx"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
	if strings.Contains(msg, "hunter2") || len(msg) > 400 {
		t.Errorf("error leaks the password or the whole body: %q", msg)
	}
	if calls.Load() != 1 || len(*waits) != 0 {
		t.Errorf("attempts = %d, want 1", calls.Load())
	}
}

func TestUploadGivesUp(t *testing.T) {
	zipPath, _ := registryZip(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		calls.Add(1)
		http.Error(w, "down", http.StatusInternalServerError)
	}))
	defer srv.Close()

	r, waits := testRegistry(t, "packeton", srv, "", Credentials{})
	_, err := r.Upload(context.Background(), zipPath)
	if err == nil || !strings.Contains(err.Error(), "500 Internal Server Error: down") {
		t.Errorf("Upload error = %v, want the last 500", err)
	}
	if calls.Load() != maxAttempts || len(*waits) != maxAttempts-1 {
		t.Errorf("attempts = %d, waits = %v; want %d attempts", calls.Load(), *waits, maxAttempts)
	}
}

func TestUploadRetriesConnection(t *testing.T) {
	zipPath, _ := registryZip(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if calls.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Fatal(err)
			}
			conn.Close()
			return
		}
		io.Copy(io.Discard, req.Body)
	}))
	defer srv.Close()

	r, _ := testRegistry(t, "nexus", srv, "", Credentials{})
	if _, err := r.Upload(context.Background(), zipPath); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 {
		t.Errorf("attempts = %d, want 2", calls.Load())
	}
}

func TestUploadCanceled(t *testing.T) {
	zipPath, _ := registryZip(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		calls.Add(1)
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	defer srv.Close()

	// Canceling during the wait stops the retries; the real sleep
	// returns at once.
	ctx, cancel := context.WithCancel(context.Background())
	r, _ := testRegistry(t, "nexus", srv, "", Credentials{})
	r.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return sleep(ctx, time.Hour)
	}
	_, err := r.Upload(ctx, zipPath)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "503") {
		t.Errorf("Upload error = %v, want context.Canceled after a 503", err)
	}
	if calls.Load() != 1 {
		t.Errorf("attempts = %d, want 1", calls.Load())
	}
}

func TestBackoff(t *testing.T) {
	for attempt := 1; attempt <= 8; attempt++ {
		d := min(firstWait<<(attempt-1), maxWait)
		for range 20 {
			if got := backoff(attempt); got < d/2 || got > d {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", attempt, got, d/2, d)
			}
		}
	}
}

func TestOpenRegistry(t *testing.T) {
	tests := []struct {
		kind, url string
		creds     Credentials
		wantErr   string // "" for none
	}{
		{"nexus", "https://nexus.example/repository/x/", Credentials{}, ""},
		{"gitlab", "https://x.example", Credentials{},
			`unknown registry kind "gitlab" (known kinds: artifactory, nexus, ` +
				`packeton, private-packagist)`},
		{"nexus", "ftp://x.example", Credentials{}, "not an absolute http or https URL"},
		{"nexus", "https://x.example/?a=b", Credentials{}, "has a query or fragment"},
		{"private-packagist", "https://packagist.com", Credentials{Token: "t"},
			"needs an API key and secret"},
		{"nexus", "https://ci:hunter2@x.example", Credentials{Token: "t"},
			`registry URL "https://ci:xxxxx@x.example" holds credentials`},
	}
	for _, tt := range tests {
		_, err := OpenRegistry(tt.kind, tt.url, tt.creds)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("OpenRegistry(%q, %q) = %v", tt.kind, tt.url, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("OpenRegistry(%q, %q) = %v, want %q", tt.kind, tt.url, err, tt.wantErr)
		}
	}

	// User info in the URL becomes the credentials, and leaves the URL.
	r, err := OpenRegistry("nexus", "https://ci:hunter2@x.example/repo/", Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	if r.creds != (Credentials{Username: "ci", Password: "hunter2"}) ||
		r.base.String() != "https://x.example/repo" {
		t.Errorf("OpenRegistry with user info: base %s, creds %#v", r.base, r.creds)
	}
}

func TestUploadBadZip(t *testing.T) {
	name := filepath.Join(t.TempDir(), "x.zip")
	os.WriteFile(name, []byte("not a zip"), 0o644)
	r, err := OpenRegistry("nexus", "https://x.example", Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Upload(context.Background(), name)
	want := "upload " + name + " to nexus at https://x.example: not a zip"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Upload error = %v, want prefix %q", err, want)
	}
}

func TestPHPQuery(t *testing.T) {
	got := phpQuery(map[string][]string{"b": {"x y/é"}, "a~": {"1+2="}})
	if want := "a~=1%2B2%3D&b=x%20y%2F%C3%A9"; got != want {
		t.Errorf("phpQuery = %q, want %q", got, want)
	}
}
