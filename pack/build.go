package pack

import (
	"archive/zip"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/klauspost/compress/flate"

	"github.com/modpack/modpack/composer"
	"github.com/modpack/modpack/magento"
)

// MarketplaceLimit is the largest package the Marketplace accepts.
const MarketplaceLimit = 30 << 20

// DefaultTime is the timestamp of every entry when no other is given:
// a fixed instant, so that builds without one still agree.
var DefaultTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// DefaultNameTemplate names a package vendor-package-version.zip.
const DefaultNameTemplate = "{{.Vendor}}-{{.Package}}-{{.Version}}.zip"

// Options controls Build.
type Options struct {
	Version      string    // written into the packaged composer.json
	Time         time.Time // every entry's timestamp; zero means DefaultTime
	NameTemplate string    // "" means DefaultNameTemplate
	Select       SelectOptions
}

// A Result describes a built package.
type Result struct {
	Path    string // the zip
	Name    string // the package name, vendor/package
	Version string
	Size    int64
	SHA1    string
	SHA256  string
	Files   int
}

// Build writes the package of the component in dir to the directory
// out, with its checksum beside it in a .sha256 file, and returns what
// it wrote. It builds through a temporary file renamed into place, so a
// failed build leaves no partial zip. The selection it returns, even
// with an error, says what was packaged and left out.
func Build(ctx context.Context, dir, out string, opts Options) (*Result, *Selection, error) {
	// Decide which files go in; any problem stops the build.
	sel, err := Select(dir, opts.Select)
	if err != nil {
		return nil, nil, err
	}
	if err := sel.Err(); err != nil {
		return nil, sel, err
	}

	// The packaged composer.json carries the version, without source or
	// dist; the component's own file is left alone.
	manifest, name, err := packagedManifest(filepath.Join(dir, "composer.json"), opts.Version)
	if err != nil {
		return nil, sel, err
	}
	fileName, err := zipName(opts.NameTemplate, name, opts.Version)
	if err != nil {
		return nil, sel, err
	}

	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, sel, err
	}
	target := filepath.Join(out, fileName)
	res, err := writeZip(ctx, target, sel.Files, manifest, entryTime(opts.Time))
	if err != nil {
		return nil, sel, err
	}
	res.Name, res.Version = name, opts.Version

	sum := res.SHA256 + "  " + fileName + "\n"
	if err := writeRenamed(target+".sha256", []byte(sum)); err != nil {
		os.Remove(target) // best effort: the zip without its checksum is no result
		return nil, sel, err
	}
	return res, sel, nil
}

// packagedManifest returns the composer.json to package and the package
// name it declares.
func packagedManifest(file, version string) ([]byte, string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, "", fmt.Errorf("read composer.json: %w; run modpack composer init", unwrap(err))
	}
	v, err := composer.Decode(data)
	if err != nil {
		return nil, "", fmt.Errorf("%s:%v", file, err)
	}
	doc, ok := v.(*composer.Object)
	if !ok {
		return nil, "", fmt.Errorf("%s: not a JSON object", file)
	}
	name, _ := doc.Get("name")
	pkg, _ := name.(string)
	if !strings.Contains(pkg, "/") {
		return nil, "", fmt.Errorf("%s: no package name of the form vendor/package", file)
	}
	if version == "" {
		return nil, "", errors.New("no version to package; pass --version, " +
			"set version in composer.json, or tag the repository")
	}
	if !magento.IsComposerVersion(version) {
		return nil, "", fmt.Errorf("version %q is not one Composer reads; "+
			"give a version such as 1.4.0 or 1.4.0-rc.1", version)
	}

	doc.Delete("source")
	doc.Delete("dist")
	doc.SetAfter("version", version, "license", "type", "description", "name")
	return composer.Encode(doc), pkg, nil
}

// zipChars are the characters a package file name may hold.
var zipChars = regexp.MustCompile(`[^a-z0-9.-]+`)

// zipName returns the file name of the package of pkg at version, from
// tmpl: vendor, package and version lowercased, with every other
// character than a-z, 0-9, dot and dash turned into a dash.
func zipName(tmpl, pkg, version string) (string, error) {
	if tmpl == "" {
		tmpl = DefaultNameTemplate
	}
	t, err := template.New("name").Option("missingkey=error").Parse(tmpl)
	if err != nil {
		return "", fmt.Errorf("name template %q: %v", tmpl, err)
	}
	clean := func(s string) string {
		return strings.Trim(zipChars.ReplaceAllString(strings.ToLower(s), "-"), "-")
	}
	vendor, name, _ := strings.Cut(pkg, "/")
	var b strings.Builder
	err = t.Execute(&b, map[string]string{
		"Vendor": clean(vendor), "Package": clean(name), "Version": clean(version),
	})
	if err != nil {
		return "", fmt.Errorf("name template %q: %v", tmpl, err)
	}
	s := b.String()
	if s == "" || strings.ContainsAny(s, `/\`) || s == "." || s == ".." {
		return "", fmt.Errorf("name template %q gives %q, which is no file name", tmpl, s)
	}
	return s, nil
}

// entryTime returns the timestamp to write: t in UTC, rounded down to the
// even second that a zip's DOS time can hold, and not before 1980.
func entryTime(t time.Time) time.Time {
	if t.IsZero() {
		t = DefaultTime
	}
	t = t.UTC().Truncate(2 * time.Second)
	if min := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC); t.Before(min) {
		t = min
	}
	return t
}

// storeBelow is the size up to which entries are stored, not deflated:
// the tables deflate writes cost more time than the few bytes they save
// on files this small.
const storeBelow = 512

// storedExt are files that are compressed already: deflating them only
// costs time.
var storedExt = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true,
	".woff": true, ".woff2": true, ".zip": true, ".gz": true, ".mp4": true,
}

// writeRenamed writes data to name through a temporary file renamed into
// place, so that name never holds part of it.
func writeRenamed(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name()) // best effort: err says what went wrong
	}
	return err
}

// writeZip writes the package to target through a temporary file: the
// files in order, composer.json among them in its packaged form. Like
// the checksum, it is renamed into place but not synced to disk: a build
// is cheap to repeat after a crash, and syncing every package doubled
// the time of building Magento's 489 components on a slow disk.
func writeZip(
	ctx context.Context,
	target string,
	files []File,
	manifest []byte,
	mtime time.Time,
) (res *Result, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp*")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name()) // best effort: err says what went wrong
		}
	}()

	sha1sum, sha256sum := sha1.New(), sha256.New()
	counter := &countingWriter{}
	zw := zip.NewWriter(io.MultiWriter(tmp, sha1sum, sha256sum, counter))
	zw.RegisterCompressor(zip.Deflate, newDeflater)

	date, clock := dosTime(mtime)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hdr := &zip.FileHeader{
			Name:         f.Path,
			Method:       zip.Deflate,
			ModifiedDate: date,
			ModifiedTime: clock,
		}
		hdr.SetMode(f.Mode)
		if f.Size <= storeBelow || storedExt[strings.ToLower(path.Ext(f.Path))] {
			hdr.Method = zip.Store
		}
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			return nil, err
		}
		if f.Path == "composer.json" {
			_, err = w.Write(manifest)
		} else {
			err = copyFile(w, f.src)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return nil, err
	}
	return &Result{
		Path:   target,
		Size:   counter.n,
		SHA1:   hexSum(sha1sum),
		SHA256: hexSum(sha256sum),
		Files:  len(files),
	}, nil
}

// compressionLevel is the one deflate level of every package. Output
// depends on the level, so it never changes with the machine or input.
const compressionLevel = 1

// deflaters reuses compressors across entries: each holds about a
// megabyte of tables, and a package has hundreds of entries.
var deflaters sync.Pool

// newDeflater returns a pooled compressor writing to w, which goes back
// to the pool when closed.
func newDeflater(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := deflaters.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return &pooledDeflater{fw}, nil
	}
	fw, err := flate.NewWriter(w, compressionLevel)
	if err != nil {
		return nil, err
	}
	return &pooledDeflater{fw}, nil
}

type pooledDeflater struct{ *flate.Writer }

func (d *pooledDeflater) Close() error {
	err := d.Writer.Close()
	deflaters.Put(d.Writer)
	return err
}

// dosTime encodes t, in UTC, as a zip entry's DOS date and time. Setting
// these instead of FileHeader.Modified keeps archive/zip from adding an
// extended-timestamp extra field, which would differ between tools.
func dosTime(t time.Time) (date, clock uint16) {
	date = uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
	clock = uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()/2)
	return date, clock
}

func copyFile(w io.Writer, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return unwrap(err)
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
