package publish

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	mrand "math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The kinds of registry that OpenRegistry knows.
var registryKinds = []string{
	"artifactory", "nexus", "packeton", "private-packagist",
}

// The retry policy: attempts in all, the first wait, and the longest.
const (
	maxAttempts = 4
	firstWait   = 500 * time.Millisecond
	maxWait     = 10 * time.Second
)

// maxReply bounds how much of a response body is read.
const maxReply = 1 << 20

// A Registry is a hosted Composer registry that takes uploads.
//
// Each kind has its own calls; the zip is streamed from disk:
//
//   - nexus: PUT BASE/packages/upload/VENDOR/PROJECT/VERSION with the
//     zip as body, BASE being the repository's URL
//     (https://HOST/repository/REPO).
//   - artifactory: PUT BASE/VENDOR/PROJECT/PROJECT-VERSION.zip
//     ?properties=composer.version=VERSION with the zip as body, BASE
//     being the repository's URL (https://HOST/artifactory/REPO-KEY).
//   - packeton: POST BASE/packages/upload/VENDOR/PROJECT/VERSION with
//     the zip as the multipart field "package".
//   - private-packagist: POST BASE/api/packages/artifacts/ with the zip
//     as body, then POST BASE/api/packages/ to create the package from
//     the artifact, or PUT BASE/api/packages/VENDOR/PROJECT/ with the
//     package's artifacts plus the new one. Every request is signed
//     with the API key and secret.
//
// Requests are retried, with exponential backoff and jitter, when the
// connection fails or the server answers 5xx; never on 4xx. A retried
// POST to Private Packagist may leave an unused artifact behind.
type Registry struct {
	kind   string
	base   *url.URL // no user info, query or trailing slash
	creds  Credentials
	client *http.Client

	attempts int
	wait     func(attempt int) time.Duration
	sleep    func(ctx context.Context, d time.Duration) error
}

// OpenRegistry returns the registry of kind at rawURL, authenticated
// with creds. User info in rawURL is used when creds are empty, and is
// otherwise refused.
func OpenRegistry(kind, rawURL string, creds Credentials) (*Registry, error) {
	if !slices.Contains(registryKinds, kind) {
		return nil, fmt.Errorf("unknown registry kind %q (known kinds: %s)",
			kind, strings.Join(registryKinds, ", "))
	}

	// The URL is printed in errors, so it loses any user info.
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, errors.New("registry URL does not parse")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("registry URL %q is not an absolute http or https URL",
			u.Redacted())
	}
	if u.User != nil {
		if creds != (Credentials{}) {
			return nil, fmt.Errorf("registry URL %q holds credentials, "+
				"and others were given", u.Redacted())
		}
		creds.Username = u.User.Username()
		creds.Password, _ = u.User.Password()
		u.User = nil
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("registry URL %q has a query or fragment", u)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""

	if kind == "private-packagist" && (creds.Username == "" || creds.Password == "") {
		return nil, errors.New("private-packagist needs an API key and " +
			"secret, as username and password")
	}
	return &Registry{
		kind:     kind,
		base:     u,
		creds:    creds,
		client:   http.DefaultClient,
		attempts: maxAttempts,
		wait:     backoff,
		sleep:    sleep,
	}, nil
}

// Upload sends the zip file to r and returns what the registry reports:
// the zip's URL for Artifactory, the artifact's API URL for Private
// Packagist, and the upload URL for the others. The zip's composer.json
// names the package and version. When the registry reports a checksum
// of what it stored, Upload checks it against the zip's.
func (r *Registry) Upload(ctx context.Context, zipPath string) (res *Result, err error) {
	var a *upload
	defer func() {
		if err == nil {
			return
		}
		what := zipPath
		if a != nil {
			what = a.name + " " + a.version
		}
		err = fmt.Errorf("upload %s to %s at %s: %w", what, r.kind, r.base, err)
	}()

	a, err = readUpload(zipPath)
	if err != nil {
		return nil, err
	}
	res = &Result{Name: a.name, Version: a.version, SHA1: a.sums["sha1"], Status: Added}

	switch r.kind {
	case "nexus":
		u := r.url("packages", "upload", a.vendor, a.project, a.version)
		res.URL, err = r.put(ctx, a, u)
	case "artifactory":
		u := r.url(a.vendor, a.project, a.project+"-"+a.version+".zip")
		u.RawQuery = "properties=composer.version=" + url.QueryEscape(a.version)
		res.URL, err = r.put(ctx, a, u)
	case "packeton":
		res.URL, err = r.postForm(ctx, a)
	case "private-packagist":
		res.URL, err = r.uploadArtifact(ctx, a)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// url returns r's base URL with the path segments appended, each
// escaped.
func (r *Registry) url(segments ...string) *url.URL {
	u := *r.base
	for _, s := range segments {
		u.Path += "/" + s
		u.RawPath += "/" + url.PathEscape(s)
	}
	return &u
}

// put sends the zip as the body of a PUT to u and returns the URL the
// server reports, or u.
func (r *Registry) put(ctx context.Context, a *upload, u *url.URL) (string, error) {
	rep, err := r.do(ctx, request{
		method: http.MethodPut,
		url:    u,
		header: http.Header{"Content-Type": {"application/zip"}},
		body:   a.open,
	})
	if err != nil {
		return "", err
	}
	if err := rep.verify(a); err != nil {
		return "", err
	}

	// Artifactory answers with the zip's download URL; Nexus, with
	// nothing.
	var info struct {
		DownloadURI string `json:"downloadUri"`
	}
	json.Unmarshal(rep.body, &info) // best effort
	switch {
	case info.DownloadURI != "":
		return info.DownloadURI, nil
	case rep.header.Get("Location") != "":
		return rep.header.Get("Location"), nil
	}
	return u.String(), nil
}

// postForm sends the zip to Packeton as the multipart field "package",
// which is how its Nexus-compatible route reads it. POST, not PUT:
// PHP parses multipart bodies of POST requests only.
func (r *Registry) postForm(ctx context.Context, a *upload) (string, error) {
	// The zip is streamed between a head and a tail written once, so
	// that the length is known and each attempt can reopen the file.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="package"; filename=%q`,
		filepath.Base(a.path)))
	h.Set("Content-Type", "application/zip")
	if _, err := mw.CreatePart(h); err != nil {
		return "", err
	}
	head := bytes.Clone(buf.Bytes())
	buf.Reset()
	mw.Close()
	tail := buf.Bytes()

	u := r.url("packages", "upload", a.vendor, a.project, a.version)
	rep, err := r.do(ctx, request{
		method: http.MethodPost,
		url:    u,
		header: http.Header{"Content-Type": {mw.FormDataContentType()}},
		body: func() (io.ReadCloser, int64, error) {
			f, n, err := a.open()
			if err != nil {
				return nil, 0, err
			}
			body := io.MultiReader(bytes.NewReader(head), f, bytes.NewReader(tail))
			return readCloser{body, f}, int64(len(head)+len(tail)) + n, nil
		},
	})
	if err != nil {
		return "", err
	}
	return u.String(), rep.verify(a)
}

// uploadArtifact uploads the zip to Private Packagist as an artifact
// and makes it a version of its package, creating the package if need
// be. It returns the artifact's API URL.
func (r *Registry) uploadArtifact(ctx context.Context, a *upload) (string, error) {
	// Upload the zip.
	rep, err := r.do(ctx, request{
		method: http.MethodPost,
		url:    r.url("api", "packages", "artifacts", ""),
		header: http.Header{
			"Content-Type": {"application/zip"},
			"X-Filename":   {filepath.Base(a.path)},
			"Accept":       {"application/json"},
		},
		body: a.open,
		sign: true,
	})
	if err != nil {
		return "", err
	}
	if err := rep.verify(a); err != nil {
		return "", err
	}
	var artifact struct {
		ID json.Number `json:"id"`
	}
	if err := json.Unmarshal(rep.body, &artifact); err != nil || artifact.ID == "" {
		return "", fmt.Errorf("artifact upload answered %q, with no id", snippet(rep.body))
	}
	id, err := artifact.ID.Int64()
	if err != nil {
		return "", fmt.Errorf("artifact id %q is not a number", artifact.ID)
	}

	// Find the package's artifacts. Setting the artifact list replaces
	// it, so the old ones stay in to keep their versions.
	method, target := http.MethodPost, r.url("api", "packages", "")
	ids := []int64{id}
	rep, err = r.do(ctx, request{
		method: http.MethodGet,
		url:    r.url("api", "packages", a.vendor, a.project, "artifacts", ""),
		header: http.Header{"Accept": {"application/json"}},
		sign:   true,
	})
	var he *HTTPError
	switch {
	case errors.As(err, &he) && he.StatusCode == http.StatusNotFound:
		// A new package.
	case err != nil:
		return "", err
	default:
		var old []struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(rep.body, &old); err != nil {
			return "", fmt.Errorf("list artifacts: %v", err)
		}
		for _, o := range old {
			if o.ID != id {
				ids = append(ids, o.ID)
			}
		}
		slices.Sort(ids)
		method, target = http.MethodPut, r.url("api", "packages", a.vendor, a.project, "")
	}

	// Create the package, or set its artifacts.
	payload, err := json.Marshal(map[string]any{"repoType": "artifact", "artifactIds": ids})
	if err != nil {
		return "", err
	}
	_, err = r.do(ctx, request{
		method: method,
		url:    target,
		header: http.Header{
			"Content-Type": {"application/json"},
			"Accept":       {"application/json"},
		},
		body: func() (io.ReadCloser, int64, error) {
			return io.NopCloser(bytes.NewReader(payload)), int64(len(payload)), nil
		},
		sign: true,
	})
	if err != nil {
		return "", err
	}
	return r.url("api", "packages", "artifacts", strconv.FormatInt(id, 10), "").String(), nil
}

// An upload is a zip to upload, with what its composer.json says.
type upload struct {
	path            string
	name, version   string
	vendor, project string
	size            int64
	sums            map[string]string // hex, by lowercase algorithm name
}

// readUpload reads the name and version from the zip file's
// composer.json and hashes the file.
func readUpload(name string) (*upload, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}

	// The name and version place the zip in the registry.
	zr, err := zip.NewReader(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("not a zip: %w", err)
	}
	manifest, err := findManifest(zr)
	if err != nil {
		return nil, err
	}
	var m struct{ Name, Version string }
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, fmt.Errorf("composer.json: %w", err)
	}
	if !nameRE.MatchString(m.Name) {
		return nil, fmt.Errorf("composer.json: name %q is not a valid "+
			"lowercase vendor/package name", m.Name)
	}
	if m.Version == "" || strings.ContainsAny(m.Version, "/\\") {
		return nil, fmt.Errorf("composer.json: version %q is empty or has a slash; "+
			"build the zip with modpack build, which sets it", m.Version)
	}

	// The checksums to compare with what the registry stored.
	hashes := map[string]hash.Hash{
		"sha1": sha1.New(), "sha256": sha256.New(), "md5": md5.New(),
	}
	var ws []io.Writer
	for _, h := range hashes {
		ws = append(ws, h)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if _, err := io.Copy(io.MultiWriter(ws...), f); err != nil {
		return nil, err
	}
	sums := make(map[string]string)
	for alg, h := range hashes {
		sums[alg] = hex.EncodeToString(h.Sum(nil))
	}

	vendor, project, _ := strings.Cut(m.Name, "/")
	return &upload{name, m.Name, m.Version, vendor, project, fi.Size(), sums}, nil
}

// open opens the zip for one attempt at sending it.
func (a *upload) open() (io.ReadCloser, int64, error) {
	f, err := os.Open(a.path)
	if err != nil {
		return nil, 0, err
	}
	return f, a.size, nil
}

// A readCloser reads from one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}

// An HTTPError is a registry's answer reporting a failure.
type HTTPError struct {
	Method     string
	URL        string
	StatusCode int
	Status     string // such as "409 Conflict"
	Message    string // the start of the response body
}

func (e *HTTPError) Error() string {
	msg := e.Method + " " + e.URL + ": " + e.Status
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// A request is an HTTP request that can be made again.
type request struct {
	method string
	url    *url.URL
	header http.Header
	body   func() (io.ReadCloser, int64, error) // nil for none
	sign   bool                                 // the Private Packagist way
}

// A reply is a successful response, its body read.
type reply struct {
	header http.Header
	body   []byte
}

// do sends req, again after a wait when the connection fails or the
// server answers 5xx, until it succeeds, fails otherwise, has been
// tried r.attempts times, or ctx is done.
func (r *Registry) do(ctx context.Context, req request) (*reply, error) {
	for attempt := 1; ; attempt++ {
		rep, retry, err := r.send(ctx, req)
		if err == nil || !retry || attempt >= r.attempts {
			return rep, err
		}
		if serr := r.sleep(ctx, r.wait(attempt)); serr != nil {
			return nil, fmt.Errorf("%w (after %d attempts; last: %v)", serr, attempt, err)
		}
	}
}

// send makes one attempt at req and reports whether a failure is worth
// another.
func (r *Registry) send(ctx context.Context, req request) (*reply, bool, error) {
	hr, err := http.NewRequestWithContext(ctx, req.method, req.url.String(), nil)
	if err != nil {
		return nil, false, err
	}
	hr.Header = req.header.Clone()
	if hr.Header == nil {
		hr.Header = http.Header{}
	}
	if err := r.authorize(hr, req); err != nil {
		return nil, false, err
	}
	if req.body != nil {
		body, n, err := req.body()
		if err != nil {
			return nil, false, err
		}
		hr.Body, hr.ContentLength = body, n
	}

	resp, err := r.client.Do(hr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return nil, true, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	if err != nil {
		return nil, ctx.Err() == nil, err
	}
	if resp.StatusCode >= 300 {
		return nil, resp.StatusCode >= 500, &HTTPError{
			Method:     req.method,
			URL:        req.url.String(),
			StatusCode: resp.StatusCode,
			Status:     resp.Status,
			Message:    snippet(data),
		}
	}
	return &reply{resp.Header, data}, false, nil
}

// authorize sets hr's Authorization header from r's credentials.
func (r *Registry) authorize(hr *http.Request, req request) error {
	c := r.creds
	switch {
	case req.sign:
		nonce := make([]byte, 20)
		rand.Read(nonce)
		auth, err := packagistAuth(req, c.Username, c.Password,
			time.Now(), hex.EncodeToString(nonce))
		if err != nil {
			return err
		}
		hr.Header.Set("Authorization", auth)
	case c.Username != "" || c.Password != "":
		hr.SetBasicAuth(c.Username, c.Password)
	case c.Token != "":
		hr.Header.Set("Authorization", "Bearer "+c.Token)
	}
	return nil
}

// packagistAuth returns the Authorization header for req signed the
// way Private Packagist checks it, version 2: the HMAC-SHA256 under
// secret of the method, host, path, and the sorted parameters key,
// timestamp, cnonce, version, query and the body, encoded as PHP's
// http_build_query does with RFC 3986. The body is streamed through
// the HMAC, not held in memory.
func packagistAuth(
	req request,
	key, secret string,
	now time.Time,
	nonce string,
) (string, error) {
	params := map[string]string{
		"key":       key,
		"timestamp": strconv.FormatInt(now.Unix(), 10),
		"cnonce":    nonce,
		"version":   "2",
		"query":     phpQuery(req.url.Query()),
	}

	mac := hmac.New(sha256.New, []byte(secret))
	io.WriteString(mac, req.method+"\n"+req.url.Hostname()+"\n"+req.url.Path+"\n")
	if req.body != nil {
		// "body" sorts before every other parameter. An empty body is
		// left out, as PHP leaves out an empty string.
		body, n, err := req.body()
		if err != nil {
			return "", err
		}
		if n > 0 {
			io.WriteString(mac, "body=")
			_, err = io.Copy(rfc3986Writer{mac}, body)
			io.WriteString(mac, "&")
		}
		body.Close()
		if err != nil {
			return "", err
		}
	}
	io.WriteString(mac, phpQuery(valuesOf(params)))
	sig := base64.StdEncoding.EncodeToString(mac.Sum(nil))

	return fmt.Sprintf("PACKAGIST-HMAC-SHA256 Key=%s, Timestamp=%s, Cnonce=%s, "+
		"Version=2, Signature=%s", key, params["timestamp"], params["cnonce"], sig), nil
}

// valuesOf returns m as url.Values.
func valuesOf(m map[string]string) url.Values {
	v := make(url.Values, len(m))
	for k, s := range m {
		v.Set(k, s)
	}
	return v
}

// phpQuery encodes v sorted by key, keys and values escaped as RFC 3986
// says, as PHP's http_build_query does with PHP_QUERY_RFC3986.
func phpQuery(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, s := range v[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			rfc3986Writer{&b}.Write([]byte(k))
			b.WriteByte('=')
			rfc3986Writer{&b}.Write([]byte(s))
		}
	}
	return b.String()
}

// An rfc3986Writer writes to w what it is given, with every byte but
// the unreserved ones (A-Z a-z 0-9 - . _ ~) percent-encoded.
type rfc3986Writer struct{ w io.Writer }

func (e rfc3986Writer) Write(p []byte) (int, error) {
	const hexDigits = "0123456789ABCDEF"
	buf := make([]byte, 0, 3*len(p))
	for _, c := range p {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			buf = append(buf, c)
		default:
			buf = append(buf, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	if _, err := e.w.Write(buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// verify checks the checksums rep reports against the zip's: the
// X-Checksum-* headers, and a JSON body's "checksums" object, as
// Artifactory sends them.
func (rep *reply) verify(a *upload) error {
	reported := make(map[string]string)
	var body struct {
		Checksums map[string]string `json:"checksums"`
	}
	json.Unmarshal(rep.body, &body) // best effort
	for alg, sum := range body.Checksums {
		reported[strings.ToLower(alg)] = sum
	}
	for _, alg := range []string{"sha1", "sha256", "md5"} {
		if sum := rep.header.Get("X-Checksum-" + alg); sum != "" {
			reported[alg] = sum
		}
	}

	for _, alg := range []string{"sha1", "sha256", "md5"} {
		sum, ok := reported[alg]
		if ok && !strings.EqualFold(sum, a.sums[alg]) {
			return fmt.Errorf("registry stored %s %s, but the zip's is %s",
				alg, sum, a.sums[alg])
		}
	}
	return nil
}

// snippet returns the start of a response body, on one line.
func snippet(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// backoff returns the wait after the attempt-th attempt: exponential,
// capped, with jitter so that many clients do not retry in step.
func backoff(attempt int) time.Duration {
	d := min(firstWait<<(attempt-1), maxWait)
	return d/2 + mrand.N(d/2+1)
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
