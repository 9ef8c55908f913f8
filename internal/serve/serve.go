// Package serve serves a static Composer repository directory
// (packages.json, p2/…json, dist/…zip) over HTTP, for local testing and
// small teams.
//
// The handler answers GET and HEAD only, and serves regular files only:
//   - no directory listings: a directory is 404;
//   - no dot files (.modpack.lock, .tmp…) and no path with a segment
//     starting with a dot, so ".." never reaches the file system;
//   - files are opened through an [os.Root], so neither a path nor a
//     symbolic link can reach outside the directory.
//
// Responses carry Content-Type, a strong ETag and Last-Modified, and
// answer If-None-Match and If-Modified-Since with 304, as Composer's
// cache expects. With users configured, every request needs HTTP basic
// authentication against htpasswd hashes: bcrypt ($2y$, $2a$, $2b$) or
// {SHA}.
package serve

import (
	"bufio"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// Options configures a [Handler].
type Options struct {
	// Users maps user names to htpasswd password hashes. Requests
	// must authenticate as one of them when Users or AuthFile is set.
	Users map[string]string

	// AuthFile names an htpasswd file whose users are added to Users.
	AuthFile string
}

// Handler returns a handler serving the repository in dir, following the
// rules in the package documentation. It keeps dir open for its whole
// life, so it serves that directory even if dir is later renamed; files
// inside it are looked up on every request.
//
// Handler fails if dir cannot be opened, or if a hash in opts is not in
// a supported format.
func Handler(dir string, opts Options) (http.Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	a, err := newAuth(opts)
	if err != nil {
		root.Close()
		return nil, err
	}
	return &handler{root: root, auth: a}, nil
}

type handler struct {
	root *os.Root
	auth *auth // nil when no authentication is required
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Refuse methods before anything else, then authenticate before
	// saying whether a file exists.
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if h.auth != nil {
		user, pass, ok := r.BasicAuth()
		if !ok || !h.auth.check(user, pass) {
			w.Header().Set("WWW-Authenticate", `Basic realm="modpack"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
	}

	// Map the URL path to a name inside the root, refusing dot files.
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}

	// Any failure to open is a 404: missing files are the common case
	// (Composer probes for unknown packages), and a link escaping the
	// root or an unreadable file should not be described to a client.
	f, err := h.root.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}

	// The ETag comes from the modification time in nanoseconds and the
	// size rather than a hash of the content, so that a request costs
	// one open and one stat, not a read of the whole zip. It is strong
	// because repository files are written whole and renamed into place:
	// their content never changes while mtime and size stay the same.
	hdr := w.Header()
	hdr.Set("ETag", fmt.Sprintf(`"%x-%x"`, fi.ModTime().UnixNano(), fi.Size()))
	hdr.Set("X-Content-Type-Options", "nosniff")
	switch path.Ext(name) {
	case ".json":
		hdr.Set("Content-Type", "application/json")
	case ".zip":
		hdr.Set("Content-Type", "application/zip")
	}

	// ServeContent adds Last-Modified, answers If-None-Match and
	// If-Modified-Since with 304, omits the body for HEAD, and for other
	// extensions picks the type by extension or by sniffing.
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// fileName returns the name inside the root that urlPath names, and
// false if it names the root itself or has a segment that is empty,
// starts with a dot, or holds a backslash or NUL.
func fileName(urlPath string) (string, bool) {
	name, ok := strings.CutPrefix(urlPath, "/")
	if !ok || name == "" {
		return "", false
	}
	for seg := range strings.SplitSeq(name, "/") {
		if seg == "" || seg[0] == '.' || strings.ContainsAny(seg, "\\\x00") {
			return "", false
		}
	}
	return name, true
}

// An auth checks user names and passwords against htpasswd hashes.
type auth struct {
	users map[string]string // user → hash, in a supported format
	dummy []byte            // bcrypt hash checked for unknown users, or nil

	// verified maps a user to the SHA-256 of the user and password
	// last accepted, so that repeated requests skip bcrypt, which is
	// slow on purpose. Composer makes many requests per install.
	verified sync.Map
}

// newAuth returns the auth for opts, or nil when opts names no users.
func newAuth(opts Options) (*auth, error) {
	users := make(map[string]string)
	for u, h := range opts.Users {
		if err := checkHash(h); err != nil {
			return nil, fmt.Errorf("user %q: %w", u, err)
		}
		users[u] = h
	}
	if opts.AuthFile != "" {
		if err := readAuthFile(opts.AuthFile, users); err != nil {
			return nil, err
		}
	}
	if len(users) == 0 {
		if opts.AuthFile != "" {
			return nil, fmt.Errorf("%s: no users", opts.AuthFile)
		}
		return nil, nil
	}

	// An unknown user costs a comparison at the highest bcrypt cost in
	// use, so that response times do not tell which users exist.
	a := &auth{users: users}
	cost := 0
	for _, h := range users {
		if c, err := bcrypt.Cost([]byte(h)); err == nil && c > cost {
			cost = c
		}
	}
	if cost > 0 {
		var err error
		a.dummy, err = bcrypt.GenerateFromPassword([]byte("x"), cost)
		if err != nil {
			return nil, err
		}
	}
	return a, nil
}

// readAuthFile adds the users of the htpasswd file name to users. Blank
// lines and lines starting with # are skipped.
func readAuthFile(name string, users map[string]string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return parseHtpasswd(f, name, users)
}

// parseHtpasswd adds the "user:hash" lines read from r to users. Errors
// start with "name:line:".
func parseHtpasswd(r io.Reader, name string, users map[string]string) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		user, hash, ok := strings.Cut(line, ":")
		if !ok || user == "" {
			return fmt.Errorf("%s:%d: want user:hash", name, n)
		}
		if _, dup := users[user]; dup {
			return fmt.Errorf("%s:%d: user %q appears twice", name, n, user)
		}
		if err := checkHash(hash); err != nil {
			return fmt.Errorf("%s:%d: user %q: %w", name, n, user, err)
		}
		users[user] = hash
	}
	return sc.Err()
}

// checkHash reports whether hash is a well-formed bcrypt or {SHA} hash.
func checkHash(hash string) error {
	switch {
	case isBcrypt(hash):
		if _, err := bcrypt.Cost([]byte(hash)); err != nil {
			return fmt.Errorf("malformed bcrypt hash: %v", err)
		}
		return nil
	case strings.HasPrefix(hash, "{SHA}"):
		sum, err := base64.StdEncoding.DecodeString(hash[len("{SHA}"):])
		if err != nil || len(sum) != sha1.Size {
			return errors.New("malformed {SHA} hash: want base64 of 20 bytes")
		}
		return nil
	}
	return errors.New("unsupported password hash; " +
		"use bcrypt (htpasswd -B) or {SHA} (htpasswd -s)")
}

func isBcrypt(hash string) bool {
	for _, p := range []string{"$2y$", "$2a$", "$2b$"} {
		if strings.HasPrefix(hash, p) {
			return true
		}
	}
	return false
}

// check reports whether pass is user's password. Passwords are compared
// in constant time.
func (a *auth) check(user, pass string) bool {
	hash, known := a.users[user]
	if !known {
		if a.dummy != nil {
			bcrypt.CompareHashAndPassword(a.dummy, []byte(pass)) // timing only
		}
		return false
	}
	if !isBcrypt(hash) {
		want, _ := base64.StdEncoding.DecodeString(hash[len("{SHA}"):])
		got := sha1.Sum([]byte(pass))
		return subtle.ConstantTimeCompare(got[:], want) == 1
	}

	// Bcrypt: reuse an earlier verdict for the same password.
	key := sha256.Sum256([]byte(strconv.Quote(user) + pass))
	if v, ok := a.verified.Load(user); ok {
		prev := v.([sha256.Size]byte)
		if subtle.ConstantTimeCompare(prev[:], key[:]) == 1 {
			return true
		}
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(pass)) != nil {
		return false
	}
	a.verified.Store(user, key)
	return true
}
