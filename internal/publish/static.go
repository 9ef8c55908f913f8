// Package publish writes Composer packages into a static Composer
// repository: a directory that any web server can serve, or that
// Composer reads itself through a file:// URL, or a prefix of an S3
// bucket served over HTTP. The layout is the one Composer 2 reads:
//
//	packages.json                  metadata-url and the package names
//	p2/VENDOR/NAME.json            every version, minified, newest first
//	p2/VENDOR/NAME~dev.json        always empty: there are no dev versions
//	dist/VENDOR/NAME/VENDOR-NAME-VERSION.zip
//	.modpack.lock                  serializes publishers
//
// Each version's metadata is the composer.json inside its zip, less
// source, dist and version_normalized, plus a dist entry with the zip's
// absolute URL and sha1; its reference is the sha1 too, so a replaced
// zip never shares a cache key or lock-file reference with the old one.
//
// Publishing is incremental: one version reads and rewrites only its
// package's files, and packages.json when the package is new. Every file
// is written under a temporary name, synced and renamed into place, in
// the order zip, p2 file, packages.json, so a reader never sees a
// version whose zip is missing. An exclusive lock on .modpack.lock,
// held for the whole publish, keeps concurrent publishers from losing
// each other's versions: a flock in a directory, a conditionally
// created object in S3. Versions are immutable: publishing different
// bytes under a published version is refused unless forced.
package publish

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// minified is the format name Composer expands.
const minified = "composer/2.0"

// nameRE is Composer's rule for a package name.
var nameRE = regexp.MustCompile(
	`^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$`)

// A Repo is a static Composer repository, in a directory or in S3.
type Repo struct {
	dir  string // absolute; "" in S3
	st   store
	base *url.URL
}

// Open returns the repository in dir, to be served at baseURL, an
// absolute http or https URL; with no baseURL, its URLs are file:// URLs
// of dir. Open does not touch dir: publishing creates it. Its errors are
// all about its arguments.
func Open(dir, baseURL string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r := &Repo{dir: abs, st: &dirStore{abs}}
	if baseURL == "" {
		return r, nil
	}
	r.base, err = parseBase(baseURL)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// parseBase parses a base URL, which must be an absolute http or https
// URL, and drops its trailing slash.
func parseBase(baseURL string) (*url.URL, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an absolute http or https URL", baseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q has a query or fragment", baseURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// Dir returns the repository's absolute directory, or "" for a
// repository in S3.
func (r *Repo) Dir() string { return r.dir }

// url returns the absolute URL of the slash-separated path rel.
func (r *Repo) url(rel string) string {
	if r.base == nil {
		return "file://" + filepath.ToSlash(r.dir) + "/" + rel
	}
	return r.base.String() + "/" + rel
}

// metadataURL returns the metadata-url of packages.json. Composer
// resolves a value starting with "/" against the repository's host
// alone, so an HTTP one carries the base URL's path; a file:// one must
// be absolute.
func (r *Repo) metadataURL() string {
	if r.base == nil {
		return r.url("p2/%package%.json")
	}
	return r.base.Path + "/p2/%package%.json"
}

// Options controls Publish.
type Options struct {
	// Force replaces a published version whose zip differs. Clients
	// that cached the old zip fail its checksum until they refresh.
	Force bool
}

// A Status says what Publish did.
type Status int

// The outcomes of Publish.
const (
	Added     Status = iota // the version is new
	Unchanged               // the same bytes were published already
	Replaced                // different bytes were replaced, by force
)

// A Result describes one published zip.
type Result struct {
	Name    string
	Version string
	URL     string // of the zip in the repository
	SHA1    string
	OldSHA1 string // the zip replaced, when Status is Replaced
	Status  Status
}

// A ConflictError is a version published already with other bytes.
type ConflictError struct {
	Name, Version string
	Published     string // sha1 of the published zip
	New           string // sha1 of the zip being published
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %s is already published with sha1 %s, "+
		"and this zip has sha1 %s; published versions are immutable, "+
		"so publish a new version", e.Name, e.Version, e.Published, e.New)
}

// A Package is one package in the repository.
type Package struct {
	Name     string    `json:"name"`
	Versions []Version `json:"versions"` // newest first
}

// A Version is one version of a package in the repository.
type Version struct {
	Version string `json:"version"`
	URL     string `json:"url"`
	SHA1    string `json:"sha1"`
}

// Publish adds the zip file to the repository, creating the repository
// if need be, and returns where it went. The zip holds composer.json at
// its root or under one top folder, with a name and a version.
func (r *Repo) Publish(ctx context.Context, file string, opts Options) (res *Result, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("%s: %w", file, err)
		}
	}()

	// Read the zip and its manifest before taking the lock.
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, unwrapPath(err)
	}
	a, err := readArtifact(data)
	if err != nil {
		return nil, err
	}
	name := a.entry["name"].(string)
	rel := distPath(name, a.version)
	res = &Result{Name: name, Version: a.version, URL: r.url(rel), SHA1: a.sha1}

	if err := r.st.create(ctx); err != nil {
		return nil, err
	}
	unlock, err := r.st.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()

	// An existing version decides between nothing to do, a refusal and
	// a forced replacement.
	versions, err := r.readVersions(ctx, name)
	if err != nil {
		return nil, err
	}
	i := indexOf(versions, a.semver)
	if i >= 0 {
		old := shasum(versions[i])
		switch {
		case old == a.sha1:
			// A publish that died before packages.json left the
			// package out of it; finish that.
			res.Status = Unchanged
			return res, r.addToRoot(ctx, name)
		case !opts.Force:
			return nil, &ConflictError{name, a.version, old, a.sha1}
		}
		res.Status, res.OldSHA1 = Replaced, old
		versions = slices.Delete(versions, i, i+1)
	}

	// The zip first, synced, so that no metadata names a zip that a
	// crash could lose. A zip left by a publish that died before its
	// metadata is simply overwritten.
	if err := r.st.write(ctx, rel, data); err != nil {
		return nil, err
	}

	// Then the package's metadata, then the root if it changed.
	versions = append(versions, a.withDist(r.url(rel)))
	if err := r.writePackage(ctx, name, versions); err != nil {
		return nil, err
	}
	return res, r.addToRoot(ctx, name)
}

// Rebuild regenerates packages.json and every p2 file from the zips
// under dist/, with this Repo's URLs, and removes the p2 files of
// packages that have no zips. It recovers a repository whose metadata
// was lost or damaged, or moves it to another base URL.
func (r *Repo) Rebuild(ctx context.Context) ([]Package, error) {
	unlock, err := r.st.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()

	// Read every zip, grouping the versions by package.
	files, err := r.st.list(ctx, "dist")
	if err != nil {
		return nil, err
	}
	byName := make(map[string][]map[string]any)
	seen := make(map[string]string) // name and version → zip
	for _, rel := range files {
		if !strings.HasSuffix(rel, ".zip") {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := r.st.name(rel)
		data, err := r.st.read(ctx, rel)
		if err != nil {
			return nil, err
		}
		a, err := readArtifact(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		name := a.entry["name"].(string)
		key := name + " " + a.semver.String()
		if other, ok := seen[key]; ok {
			return nil, fmt.Errorf("%s and %s are both %s %s", other, p, name, a.version)
		}
		seen[key] = p
		byName[name] = append(byName[name], a.withDist(r.url(rel)))
	}

	// Write each package, then the root, then drop what is stale.
	names := make([]string, 0, len(byName))
	for name, versions := range byName {
		if err := r.writePackage(ctx, name, versions); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	slices.Sort(names)
	if err := r.writeRoot(ctx, names); err != nil {
		return nil, err
	}
	if err := r.removeStale(ctx, names); err != nil {
		return nil, err
	}
	return r.list(ctx)
}

// List returns the packages in the repository and their versions,
// sorted by name.
func (r *Repo) List() ([]Package, error) {
	return r.list(context.Background())
}

func (r *Repo) list(ctx context.Context) ([]Package, error) {
	root, err := r.readRoot(ctx)
	if err != nil {
		return nil, err
	}
	pkgs := []Package{}
	for _, name := range root.Available {
		versions, err := r.readVersions(ctx, name)
		if err != nil {
			return nil, err
		}
		pkg := Package{Name: name, Versions: []Version{}}
		for _, v := range versions {
			s, _ := v["version"].(string)
			dist, _ := v["dist"].(map[string]any)
			u, _ := dist["url"].(string)
			pkg.Versions = append(pkg.Versions, Version{s, u, shasum(v)})
		}
		pkgs = append(pkgs, pkg)
	}
	return pkgs, nil
}

// rootFile is packages.json.
type rootFile struct {
	Packages    []any    `json:"packages"`
	MetadataURL string   `json:"metadata-url"`
	Available   []string `json:"available-packages"`
}

// p2File is a p2/VENDOR/NAME.json or ~dev.json file.
type p2File struct {
	Minified string                      `json:"minified,omitempty"`
	Packages map[string][]map[string]any `json:"packages"`
}

// readRoot reads packages.json; a missing one is an empty repository.
func (r *Repo) readRoot(ctx context.Context) (*rootFile, error) {
	var root rootFile
	data, err := r.st.read(ctx, "packages.json")
	if errors.Is(err, fs.ErrNotExist) {
		return &root, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("packages.json: %w", err)
	}
	return &root, nil
}

// addToRoot lists name in packages.json, and sets its metadata-url,
// unless both are so already.
func (r *Repo) addToRoot(ctx context.Context, name string) error {
	root, err := r.readRoot(ctx)
	if err != nil {
		return err
	}
	if slices.Contains(root.Available, name) && root.MetadataURL == r.metadataURL() {
		return nil
	}
	names := append(root.Available, name)
	slices.Sort(names)
	return r.writeRoot(ctx, slices.Compact(names))
}

func (r *Repo) writeRoot(ctx context.Context, names []string) error {
	if names == nil {
		names = []string{}
	}
	root := rootFile{Packages: []any{}, MetadataURL: r.metadataURL(), Available: names}
	return r.writeJSON(ctx, "packages.json", root)
}

// readVersions returns the expanded versions of the package name,
// newest first; none if it has no p2 file.
func (r *Repo) readVersions(ctx context.Context, name string) ([]map[string]any, error) {
	rel := "p2/" + name + ".json"
	data, err := r.st.read(ctx, rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f p2File
	if err := decode(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	versions := f.Packages[name]
	if f.Minified == minified {
		versions = Expand(versions)
	}
	return versions, nil
}

// writePackage writes the p2 file of the package name with versions,
// which it sorts newest first, and its empty ~dev file if missing.
func (r *Repo) writePackage(ctx context.Context, name string, versions []map[string]any) error {
	slices.SortStableFunc(versions, func(a, b map[string]any) int {
		return versionOf(b).Compare(versionOf(a))
	})
	f := p2File{Minified: minified, Packages: map[string][]map[string]any{
		name: Minify(versions),
	}}
	if err := r.writeJSON(ctx, "p2/"+name+".json", f); err != nil {
		return err
	}

	// Composer over file:// fails on a missing ~dev file, where HTTP
	// would give a harmless 404.
	dev := "p2/" + name + "~dev.json"
	if ok, err := r.st.exists(ctx, dev); ok || err != nil {
		return err
	}
	empty := p2File{Packages: map[string][]map[string]any{name: {}}}
	return r.writeJSON(ctx, dev, empty)
}

// removeStale removes the p2 files, p2/VENDOR/NAME.json and its ~dev
// file, of packages not in names.
func (r *Repo) removeStale(ctx context.Context, names []string) error {
	files, err := r.st.list(ctx, "p2")
	if err != nil {
		return err
	}
	for _, rel := range files {
		name, ok := strings.CutSuffix(strings.TrimPrefix(rel, "p2/"), ".json")
		if !ok || strings.Count(name, "/") != 1 {
			continue
		}
		name = strings.TrimSuffix(name, "~dev")
		if _, found := slices.BinarySearch(names, name); !found {
			if err := r.st.remove(ctx, rel); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeJSON writes v as compact JSON to the slash-separated path rel.
func (r *Repo) writeJSON(ctx context.Context, rel string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return r.st.write(ctx, rel, buf.Bytes())
}

// An artifact is a zip to publish, with what its manifest says.
type artifact struct {
	entry   map[string]any // composer.json, less source, dist and version_normalized
	version string
	semver  *semver.Version
	sha1    string
}

// readArtifact reads the zip data's composer.json and checks that it
// names a package and a version.
func readArtifact(data []byte) (*artifact, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a zip: %w", err)
	}
	manifest, err := findManifest(zr)
	if err != nil {
		return nil, err
	}
	var entry map[string]any
	if err := decode(manifest, &entry); err != nil {
		return nil, fmt.Errorf("composer.json: %w", err)
	}

	// The name and version place the zip in the repository.
	name, _ := entry["name"].(string)
	if !nameRE.MatchString(name) {
		return nil, fmt.Errorf("composer.json: name %q is not a valid "+
			"lowercase vendor/package name", name)
	}
	version, _ := entry["version"].(string)
	if version == "" {
		return nil, errors.New("composer.json has no version; " +
			"build the zip with modpack build, which sets it")
	}
	v, err := semver.NewVersion(version)
	if err != nil {
		return nil, fmt.Errorf("composer.json: version %q is not a semantic version", version)
	}

	delete(entry, "source")
	delete(entry, "dist")
	delete(entry, "version_normalized")
	sum := sha1.Sum(data)
	return &artifact{entry, version, v, hex.EncodeToString(sum[:])}, nil
}

// withDist returns the artifact's metadata with its dist at url.
func (a *artifact) withDist(url string) map[string]any {
	entry := make(map[string]any, len(a.entry)+1)
	for k, v := range a.entry {
		entry[k] = v
	}
	entry["dist"] = map[string]any{
		"type": "zip", "url": url, "reference": a.sha1, "shasum": a.sha1,
	}
	return entry
}

// findManifest returns composer.json from the zip's root, or from its
// one top folder, as Composer looks for it.
func findManifest(zr *zip.Reader) ([]byte, error) {
	tops := make(map[string]bool)
	var root, nested *zip.File
	for _, f := range zr.File {
		top, rest, _ := strings.Cut(f.Name, "/")
		tops[top] = true
		switch {
		case f.Name == "composer.json":
			root = f
		case rest == "composer.json":
			nested = f
		}
	}
	f := root
	if f == nil && len(tops) == 1 {
		f = nested
	}
	if f == nil {
		return nil, errors.New("no composer.json at the root of the zip " +
			"or of its one top folder")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("composer.json: %w", err)
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// decode unmarshals JSON keeping numbers as written.
func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

// distPath returns where the zip of name at version goes.
func distPath(name, version string) string {
	return path.Join("dist", name,
		strings.ReplaceAll(name, "/", "-")+"-"+version+".zip")
}

// indexOf returns the index in versions of v, or -1.
func indexOf(versions []map[string]any, v *semver.Version) int {
	return slices.IndexFunc(versions, func(m map[string]any) bool {
		return versionOf(m).Equal(v)
	})
}

// versionOf returns the parsed version of a metadata entry; an entry
// that has none sorts as 0.0.0.
func versionOf(m map[string]any) *semver.Version {
	s, _ := m["version"].(string)
	v, err := semver.NewVersion(s)
	if err != nil {
		return semver.New(0, 0, 0, "", "")
	}
	return v
}

// shasum returns the dist sha1 of a metadata entry.
func shasum(m map[string]any) string {
	dist, _ := m["dist"].(map[string]any)
	s, _ := dist["shasum"].(string)
	return s
}

// unwrapPath returns the cause of a *fs.PathError, whose path the
// caller states already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
