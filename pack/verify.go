package pack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	// archives hands each entry's header over as this fork of
	// archive/zip's FileHeader, so it is the type to assert.
	"github.com/klauspost/compress/zip"
	"github.com/mholt/archives"

	"github.com/modpack/modpack/internal/jsonpos"
	"github.com/modpack/modpack/magento"
)

// Bounds that tell a zip bomb from a package. Verify reads entries but
// never unpacks them to disk; Composer and the Marketplace do, and a
// bomb would fill their disks.
const (
	// maxUnpackedSize bounds the sum of the entries' sizes. A package
	// may be 30 MB, and source code compresses about 5:1 to 10:1, so a
	// real one unpacks to a few hundred MB at most.
	maxUnpackedSize = 1 << 30

	// maxRatio bounds how far one entry may expand. Deflate gets source
	// code to about 10:1 and the most repetitive real files (fixtures,
	// SQL dumps) to about 50:1; only crafted data such as long runs of
	// one byte goes beyond 200:1. Entries up to minRatioSize are let
	// through whatever their ratio: small files of blanks are harmless.
	maxRatio     = 200
	minRatioSize = 1 << 20
)

// maxComposerSize bounds the composer.json Verify reads. Real ones are a
// few KB.
const maxComposerSize = 4 << 20

// The zip as a whole.
var (
	ruleZipNotZip = magento.NewRule("zip-not-zip", magento.Error,
		"the file is not a zip archive")
	ruleZipDamaged = magento.NewRule("zip-damaged", magento.Error,
		"the zip or one of its entries cannot be read")
	ruleZipEmpty = magento.NewRule("zip-empty", magento.Error,
		"the zip has no entries")
	ruleZipSize = magento.NewRule("zip-size", magento.Warning,
		"the zip is over the Marketplace's 30 MB limit")
	ruleZipSizeMarketplace = magento.NewRule("zip-size-marketplace", magento.Error,
		"a zip for the Marketplace is over its 30 MB limit")
	ruleZipTopLevel = magento.NewRule("zip-top-level", magento.Error,
		"the zip has more than one top-level directory")
	ruleZipTopLevelName = magento.NewRule("zip-top-level-name", magento.Info,
		"the top-level directory is not named like the zip")
	ruleZipJunk = magento.NewRule("zip-junk", magento.Warning,
		"the zip holds files that modpack build leaves out")
)

// Entries that are unsafe or unreliable to unpack.
var (
	ruleZipUnsafePath = magento.NewRule("zip-unsafe-path", magento.Error,
		"an entry's name can reach outside the directory it is unpacked in")
	ruleZipSymlink = magento.NewRule("zip-symlink", magento.Error,
		"an entry is a symbolic link")
	ruleZipDuplicate = magento.NewRule("zip-duplicate", magento.Error,
		"two entries have the same name")
	ruleZipCaseCollision = magento.NewRule("zip-case-collision", magento.Error,
		"two entries' names differ only in case")
	ruleZipNameEncoding = magento.NewRule("zip-name-encoding", magento.Error,
		"an entry's name is not UTF-8")
	ruleZipBomb = magento.NewRule("zip-bomb", magento.Error,
		"the zip unpacks to far more than any package")
	ruleZipEncrypted = magento.NewRule("zip-encrypted", magento.Error,
		"an entry is encrypted")
	ruleZipMethod = magento.NewRule("zip-method", magento.Warning,
		"an entry is compressed with neither Store nor Deflate")
)

// composer.json and the component's files, as the Marketplace's package
// validator checks them, with the documented rules it misses.
var (
	ruleZipComposerMissing = magento.NewRule("zip-composer-missing", magento.Error,
		"the package has no composer.json")
	ruleZipComposerMisplaced = magento.NewRule("zip-composer-misplaced", magento.Error,
		"composer.json is below the package's root")
	ruleZipComposerEmpty = magento.NewRule("zip-composer-empty", magento.Error,
		"composer.json is empty")
	ruleZipComposerInvalid = magento.NewRule("zip-composer-invalid", magento.Error,
		"composer.json is not valid JSON")
	ruleZipSourceFolder = magento.NewRule("zip-source-folder", magento.Error,
		"the component's code does not start at the package's root")
	ruleZipName = magento.NewRule("zip-composer-name", magento.Error,
		"the package name is not vendor/package")
	ruleZipType = magento.NewRule("zip-composer-type", magento.Error,
		"the package type is missing or not one the Marketplace accepts")
	ruleZipVersion = magento.NewRule("zip-composer-version", magento.Error,
		"the version is missing or not one Composer reads")
	ruleZipVersionMarketplace = magento.NewRule("zip-composer-version-marketplace",
		magento.Warning, "the version is not in the form the Marketplace accepts; "+
			"an error with the Marketplace option")
	ruleZipAutoload = magento.NewRule("zip-autoload", magento.Error,
		"autoload is missing or not an object")
	ruleZipAutoloadFiles = magento.NewRule("zip-autoload-files", magento.Error,
		"autoload.files is missing or empty")
	ruleZipAutoloadRegistration = magento.NewRule("zip-autoload-registration", magento.Error,
		"autoload.files does not list registration.php")
	ruleZipPSR4 = magento.NewRule("zip-autoload-psr4", magento.Error,
		"a module has no autoload.psr-4 namespace")
	ruleZipPSR4Forbidden = magento.NewRule("zip-autoload-psr4-forbidden", magento.Error,
		"a theme or language pack declares autoload.psr-4")
	ruleZipBanned = magento.NewRule("zip-require-banned", magento.Error,
		"a package the Marketplace forbids is required")
	ruleZipWildcard = magento.NewRule("zip-require-wildcard", magento.Error,
		"a requirement is a wildcard where the Marketplace wants versions")
	ruleZipAlias = magento.NewRule("zip-require-alias", magento.Error,
		"a requirement uses an inline alias")
	ruleZipPHP = magento.NewRule("zip-require-php", magento.Warning,
		"the package requires php itself")
	ruleZipExtra = magento.NewRule("zip-extra-deprecated", magento.Error,
		"extra.map or extra.magento-root-dir is set")
	ruleZipMetapackageRequire = magento.NewRule("zip-metapackage-require", magento.Error,
		"a metapackage requires nothing")
	ruleZipMetapackageFiles = magento.NewRule("zip-metapackage-files", magento.Warning,
		"a metapackage holds more than composer.json")
	ruleZipRequiredFile = magento.NewRule("zip-required-file", magento.Error,
		"the file the package type requires is missing or empty")
	ruleZipRegistration = magento.NewRule("zip-registration", magento.Error,
		"registration.php is missing or empty")
)

// VerifyOptions controls Verify.
type VerifyOptions struct {
	Marketplace bool             // the 30 MB limit is an error (else a warning)
	ACL         *magento.ACLTree // passed to magento.CheckFS; nil = embedded tree
}

// Verify checks the zip at path and returns a report whose Component.Dir
// is path and whose findings' File are paths inside the zip ("" for the
// zip as a whole). It never extracts to disk.
//
// Verify makes every check of the Marketplace's package validator, the
// documented Marketplace rules that validator misses, checks that the
// zip is safe to unpack, and, for components other than metapackages,
// the checks of [magento.CheckFS] on the component's files. The
// report's Component.FS is nil: the zip is closed when Verify returns.
//
// It returns an error only when the file cannot be read at all, or ctx
// is done; a file that is not a zip, or a damaged one, is a finding.
func Verify(ctx context.Context, path string, opts VerifyOptions) (*magento.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, &fs.PathError{Op: "verify", Path: path, Err: errors.New("is a directory")}
	}

	v := &verifier{
		r:    &magento.Report{Component: &magento.Component{Dir: path}},
		zip:  io.NewSectionReader(f, 0, info.Size()),
		path: path,
	}
	if err := v.check(ctx, opts); err != nil {
		return nil, err
	}
	v.r.Sort()
	return v.r, nil
}

// A verifier holds what Verify has learnt about one zip.
type verifier struct {
	r           *magento.Report
	marketplace bool // VerifyOptions.Marketplace
	zip         *io.SectionReader
	path        string
	entries     []zip.FileHeader // in central-directory order

	// countedTops are the top-level directories a zip-top-level
	// finding names, so that checkJunk does not report them again.
	countedTops []string
}

// check runs the checks of Verify in the order the Marketplace's
// package validator makes them, stopping where it stops.
func (v *verifier) check(ctx context.Context, opts VerifyOptions) error {
	v.marketplace = opts.Marketplace

	// The Marketplace refuses a package over 30 MB.
	v.checkSize(opts.Marketplace)

	// Read every entry's header. A zip that cannot be opened gets no
	// further checks.
	if ok, err := v.scan(ctx); !ok {
		return err
	}
	if len(v.entries) == 0 {
		v.r.Add("", magento.Position{}, ruleZipEmpty,
			"zip the component's files", "zip has no entries")
		return nil
	}

	// Check that unpacking the zip is safe and gives the same files with
	// every tool, then that every file's data can be read, unless the
	// zip is a bomb that would take long to read.
	if isBomb := v.checkEntries(); !isBomb {
		if err := v.checkData(ctx); err != nil {
			return err
		}
	}

	// Find the component's directory, and report what does not belong
	// in a package. A zip that holds several components cannot be
	// checked further.
	root, ok := v.checkLayout()
	v.checkJunk()
	if !ok {
		return nil
	}

	// Check composer.json and the files its type requires, as the
	// Marketplace does.
	fsys := &archives.ArchiveFS{
		Stream:  v.zip,
		Format:  archives.Zip{},
		Prefix:  strings.TrimSuffix(root, "/"),
		Context: ctx,
	}
	// Index the zip once. Without its index, ArchiveFS finds each name
	// by scanning the zip, and takes a missing file whose name starts
	// another's, such as etc/acl.xml beside etc/acl.xml.bak, for a
	// directory.
	_, _ = fsys.ReadDir(".") // best effort: scan read the same entries
	kind := v.checkComposer(fsys, root)

	// Check the component's files as modpack validate does. A
	// metapackage has none.
	if kind == "metapackage" {
		return nil
	}
	checked := magento.CheckFS(fsys, v.path, magento.Options{ACL: opts.ACL})
	if err := ctx.Err(); err != nil {
		return err
	}
	v.merge(checked, root)
	v.r.Component = checked.Component
	v.r.Component.FS = nil
	return nil
}

// checkSize reports a zip over the Marketplace's limit.
func (v *verifier) checkSize(forMarketplace bool) {
	size := v.zip.Size()
	if size <= MarketplaceLimit {
		return
	}
	rule := ruleZipSize
	if forMarketplace {
		rule = ruleZipSizeMarketplace
	}
	v.r.Add("", magento.Position{}, rule,
		"leave out what the component does not need at run time, "+
			"such as tests and media sources",
		"zip is %d bytes, over the Marketplace's limit of %d", size, MarketplaceLimit)
}

// scan reads the header of every entry. It reports false when the zip
// cannot be opened at all, and returns an error only when ctx is done.
func (v *verifier) scan(ctx context.Context) (bool, error) {
	collect := func(_ context.Context, fi archives.FileInfo) error {
		hdr, ok := fi.Header.(zip.FileHeader)
		if !ok {
			return fmt.Errorf("entry %q has a header of type %T",
				fi.NameInArchive, fi.Header)
		}
		v.entries = append(v.entries, hdr)
		return nil
	}
	err := archives.Zip{}.Extract(ctx, v.zip, collect)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err == nil {
		return true, nil
	}

	// A file that starts like a zip but cannot be opened is one that
	// is truncated or damaged; anything else is not a zip.
	start := io.NewSectionReader(v.zip, 0, v.zip.Size())
	match, _ := archives.Zip{}.Match(ctx, "", start)
	if !match.ByStream {
		v.r.Add("", magento.Position{}, ruleZipNotZip,
			"package the component as a zip archive, for example with modpack build",
			"file is not in zip format")
		return false, nil
	}
	v.r.Add("", magento.Position{}, ruleZipDamaged,
		"rebuild the zip; it may be truncated or damaged",
		"zip file cannot be opened: %v", err)
	return false, nil
}

// checkData reads the data of every regular file that can be read, to
// its end, which checks its checksum. It returns an error only when ctx
// is done.
func (v *verifier) checkData(ctx context.Context) error {
	read := func(_ context.Context, fi archives.FileInfo) error {
		hdr, ok := fi.Header.(zip.FileHeader)
		readable := ok && fi.Mode().IsRegular() && !isEncrypted(hdr) && knownMethod(hdr)
		if !readable {
			return nil
		}
		if err := readEntry(fi); err != nil {
			v.r.Add(displayName(hdr.Name), magento.Position{}, ruleZipDamaged,
				"rebuild the zip; this entry's data is damaged",
				"entry cannot be read: %v", err)
		}
		return nil
	}
	err := archives.Zip{}.Extract(ctx, v.zip, read)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if err != nil {
		v.r.Add("", magento.Position{}, ruleZipDamaged,
			"rebuild the zip; it may be truncated or damaged",
			"zip cannot be read to the end: %v", err)
	}
	return nil
}

// readEntry reads the data of the entry fi to its end, which checks its
// checksum.
func readEntry(fi archives.FileInfo) error {
	f, err := fi.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	return err
}

func isEncrypted(hdr zip.FileHeader) bool { return hdr.Flags&0x1 != 0 }

// knownMethod reports whether every zip reader can decompress hdr's
// entry: Composer unpacks with PHP's zip extension or unzip, which may
// lack the newer methods.
func knownMethod(hdr zip.FileHeader) bool {
	return hdr.Method == zip.Store || hdr.Method == zip.Deflate
}

// displayName is an entry name fit to stand as a finding's file: one
// that is not UTF-8 gets replacement characters.
func displayName(name string) string { return strings.ToValidUTF8(name, "\uFFFD") }

// checkEntries checks each entry, then the names that clash and the
// size of the whole. It reports whether the zip is a bomb.
func (v *verifier) checkEntries() bool {
	seen := map[string]bool{}
	folded := map[string]string{}
	var unpacked uint64
	for _, hdr := range v.entries {
		v.checkEntry(hdr)
		unpacked = addCapped(unpacked, hdr.UncompressedSize64)

		// Files whose names clash: unpacking keeps only one of them.
		if strings.HasSuffix(hdr.Name, "/") {
			continue
		}
		name, lower := displayName(hdr.Name), strings.ToLower(hdr.Name)
		switch {
		case seen[hdr.Name]:
			v.r.Add(name, magento.Position{}, ruleZipDuplicate,
				"rebuild the zip from a directory, which cannot hold two files of one name",
				"%q is in the zip more than once; which copy is unpacked depends on the tool",
				hdr.Name)
		case folded[lower] != "":
			v.r.Add(name, magento.Position{}, ruleZipCaseCollision, "rename one of them",
				"%q and %q differ only in case; on macOS and Windows one overwrites the other",
				folded[lower], hdr.Name)
		default:
			folded[lower] = hdr.Name
		}
		seen[hdr.Name] = true
	}

	if unpacked > maxUnpackedSize {
		v.r.Add("", magento.Position{}, ruleZipBomb,
			"rebuild the zip from the component's real files",
			"entries unpack to %d bytes in all, over the %d bytes no package comes near",
			unpacked, uint64(maxUnpackedSize))
	}
	return slices.ContainsFunc(v.r.Findings, func(f magento.Finding) bool {
		return f.Code == ruleZipBomb.Code
	})
}

// checkEntry checks one entry's name, type, encryption and compression.
func (v *verifier) checkEntry(hdr zip.FileHeader) {
	name := displayName(hdr.Name)
	pos := magento.Position{}
	if why := unsafeName(hdr.Name); why != "" {
		v.r.Add(name, pos, ruleZipUnsafePath,
			"rebuild the zip with relative, slash-separated names",
			"entry name %q %s", hdr.Name, why)
	}
	if !utf8.ValidString(hdr.Name) {
		v.r.Add(name, pos, ruleZipNameEncoding, "rename the file using UTF-8",
			"entry name %q is not UTF-8%s", hdr.Name, encodingFlagNote(hdr))
	}
	if hdr.Mode()&fs.ModeSymlink != 0 {
		v.r.Add(name, pos, ruleZipSymlink, "replace the link with the file it points to",
			"entry is a symbolic link; unzip makes it a link, "+
				"PHP's zip extension a file holding the target")
	}
	if isEncrypted(hdr) {
		v.r.Add(name, pos, ruleZipEncrypted, "rebuild the zip without a password",
			"entry is encrypted, so Composer cannot unpack it")
	}
	if !knownMethod(hdr) {
		v.r.Add(name, pos, ruleZipMethod, "rebuild the zip with Deflate compression",
			"entry is compressed with method %d, which not every zip reader supports",
			hdr.Method)
	}

	// A bomb's entries expand far beyond what they occupy.
	size := hdr.UncompressedSize64
	if size > minRatioSize && size/maxRatio > hdr.CompressedSize64 {
		v.r.Add(name, pos, ruleZipBomb, "rebuild the zip from the component's real files",
			"entry expands from %d to %d bytes, more than %d times; only a zip bomb does that",
			hdr.CompressedSize64, size, maxRatio)
	}
}

// addCapped returns a+b, or the largest uint64 when the sum overflows.
func addCapped(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

// encodingFlagNote says what the entry's UTF-8 flag claims, which
// decides how zip tools read the name.
func encodingFlagNote(hdr zip.FileHeader) string {
	if hdr.Flags&0x800 != 0 {
		return ", though the zip marks it so"
	}
	return ", and each zip tool reads it in another encoding"
}

// unsafeName says how the entry name can place a file outside the
// directory the zip is unpacked in, or returns "".
func unsafeName(name string) string {
	switch {
	case name == "":
		return "is empty"
	case strings.Contains(name, `\`):
		return "holds a backslash, which Windows takes for a separator"
	case strings.ContainsRune(name, 0):
		return "holds a NUL byte, which ends the name early in C tools"
	case strings.HasPrefix(name, "/"):
		return "is absolute"
	case len(name) >= 2 && name[1] == ':' && isASCIILetter(name[0]):
		return "starts with a drive letter"
	case slices.Contains(strings.Split(name, "/"), ".."):
		return "has a .. element"
	}
	return ""
}

func isASCIILetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// safeNames returns the names of the entries that unpack inside the
// target directory, the only ones the layout checks look at.
func (v *verifier) safeNames() []string {
	var names []string
	for _, hdr := range v.entries {
		if unsafeName(hdr.Name) == "" {
			names = append(names, hdr.Name)
		}
	}
	return names
}

// checkLayout finds the directory the component sits in: the zip's
// root when any entry is at the root, else the one top-level directory.
// It returns that directory as a prefix of entry names ("" or "dir/"),
// and false when there is more than one candidate.
func (v *verifier) checkLayout() (string, bool) {
	names := v.safeNames()
	var tops []string
	rootLayout := false
	for _, name := range names {
		top, _, nested := strings.Cut(name, "/")
		if !nested {
			rootLayout = true
		} else if !slices.Contains(tops, top) {
			tops = append(tops, top)
		}
	}
	slices.Sort(tops)

	switch {
	case rootLayout || len(tops) == 0:
		return "", true
	case len(tops) == 1:
		v.checkTopName(tops[0])
		return tops[0] + "/", true
	}

	// Junk such as __MACOSX/ is reported here, as the second top-level
	// directory it makes, rather than among the other junk.
	v.countedTops = tops
	var real, junk []string
	for _, top := range tops {
		if defaultSkip(top, true) == "" {
			real = append(real, top)
		} else {
			junk = append(junk, top+"/")
		}
	}
	fix := "zip the component's directory alone, or only its contents"
	if len(junk) > 0 {
		fix = fmt.Sprintf("rebuild the zip without %s, "+
			"which modpack build leaves out", quoteList(junk))
	}
	v.r.Add("", magento.Position{}, ruleZipTopLevel, fix,
		"more than one top-level directory: %d (%s); "+
			"the top-level directory must be the component's",
		len(tops), quoteList(tops))

	// Check on when the other directories are only junk.
	if len(real) != 1 {
		return "", false
	}
	return real[0] + "/", true
}

// checkTopName notes a top-level directory not named after the zip.
func (v *verifier) checkTopName(top string) {
	base := filepath.Base(v.path)
	if ext := filepath.Ext(base); strings.EqualFold(ext, ".zip") {
		base = strings.TrimSuffix(base, ext)
	}
	if top != base {
		v.r.Add(top+"/", magento.Position{}, ruleZipTopLevelName,
			"name the directory like the zip, or put the component's files at the zip's root",
			"top-level directory does not match the package name: %q != %q", top, base)
	}
}

// checkJunk reports, once each, the files and directories that modpack
// build would have left out, but not the top-level directories that a
// zip-top-level finding already names.
func (v *verifier) checkJunk() {
	reported := map[string]bool{}
	for _, top := range v.countedTops {
		reported[top+"/"] = true
	}
	for _, name := range v.safeNames() {
		file, why := junkPart(name)
		if why != "" && !reported[file] {
			reported[file] = true
			v.r.Add(file, magento.Position{}, ruleZipJunk,
				"rebuild the zip without it; modpack build leaves it out",
				"%q is %s, which does not belong in a package", file, why)
		}
	}
}

// junkPart returns the first part of the entry name that modpack build
// would leave out, as a zip path ending in "/" for a directory, and
// why; or "", "".
func junkPart(name string) (string, string) {
	parts := strings.Split(strings.TrimSuffix(name, "/"), "/")
	for i, part := range parts {
		isDir := i < len(parts)-1 || strings.HasSuffix(name, "/")
		if why := defaultSkip(part, isDir); why != "" {
			file := strings.Join(parts[:i+1], "/")
			if isDir {
				file += "/"
			}
			return file, why
		}
	}
	return "", ""
}

func quoteList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, ", ")
}

// marketplaceName is the form the Marketplace's package validator
// accepts for a package name.
var marketplaceName = regexp.MustCompile(`(?i)^[a-z0-9_-]+/[a-z0-9_-]+$`)

// componentFiles are the files each component type needs beside
// registration.php; a metapackage needs none.
var componentFiles = map[string]string{
	"magento2-module":   "etc/module.xml",
	"magento2-theme":    "theme.xml",
	"magento2-language": "language.xml",
}

// A composerDoc is a decoded composer.json with where its values start.
type composerDoc struct {
	file   string // the zip path
	fields map[string]any
	data   []byte
	index  jsonpos.Index
}

// pos returns where the value at JSON pointer ptr starts, or its
// nearest enclosing value when ptr is absent.
func (d *composerDoc) pos(ptr string) magento.Position {
	for {
		if off, ok := d.index[ptr]; ok {
			return offsetPosition(d.data, off)
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return magento.Position{}
		}
		ptr = ptr[:i]
	}
}

// offsetPosition returns the line and byte column of offset off in data.
func offsetPosition(data []byte, off int) magento.Position {
	before := data[:min(max(off, 0), len(data))]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return magento.Position{Line: line, Col: col}
}

// checkComposer checks composer.json, found at the component's root in
// fsys and named root+"composer.json" in the zip, and the files its type
// requires. It returns the package type, "" when unknown.
func (v *verifier) checkComposer(fsys fs.FS, root string) string {
	doc := v.readComposer(fsys, root)
	if doc == nil {
		return ""
	}
	file := doc.file
	str := func(key string) string {
		s, _ := doc.fields[key].(string)
		return s
	}

	// The package name.
	switch name := str("name"); {
	case name == "":
		v.r.Add(file, doc.pos("/name"), ruleZipName, `add "name": "vendor/package"`,
			"composer.json has no name")
	case !marketplaceName.MatchString(name):
		v.r.Add(file, doc.pos("/name"), ruleZipName,
			"use the form vendor/package, in lowercase letters, digits and dashes",
			"composer.json has invalid name %q; "+
				"it should have the form <vendor>/<package name>", name)
	}

	// The package type.
	kind := str("type")
	typeFix := `set "type" to magento2-module, magento2-theme, magento2-language or metapackage`
	switch _, known := componentFiles[kind]; {
	case kind == "":
		v.r.Add(file, doc.pos("/type"), ruleZipType, typeFix,
			"type in composer.json is missing or empty")
	case !known && kind != "metapackage":
		v.r.Add(file, doc.pos("/type"), ruleZipType, typeFix, "unknown type %q", kind)
	}

	// The version, which the Marketplace installs the package by.
	versionFix := "set it to MAJOR.MINOR.PATCH, such as 1.4.0 or 1.4.0-p1"
	switch version := str("version"); {
	case version == "":
		v.r.Add(file, doc.pos("/version"), ruleZipVersion, versionFix,
			"version in composer.json is missing or empty")
	case !magento.IsComposerVersion(version):
		v.r.Add(file, doc.pos("/version"), ruleZipVersion, versionFix,
			"version %q is not a version Composer reads", version)
	case !magento.IsMarketplaceVersion(version):
		rule := ruleZipVersionMarketplace
		if v.marketplace {
			rule = ruleZipVersion
		}
		v.r.Add(file, doc.pos("/version"), rule,
			"for the Marketplace, use a form such as 1.4.0, 1.4.0-p1 or 1.4.0-rc1",
			"version %q is not in the form the Marketplace expects", version)
	}

	// Requirements and deprecated installer settings.
	require, _ := doc.fields["require"].(map[string]any)
	v.checkRequire(doc, kind, require)
	extra, _ := doc.fields["extra"].(map[string]any)
	for _, key := range []string{"map", "magento-root-dir"} {
		if _, ok := extra[key]; ok {
			v.r.Add(file, doc.pos(jsonpos.Pointer("extra", key)), ruleZipExtra,
				"remove it; Magento's installer no longer reads it",
				"extra[%q] is deprecated; it should not be present anymore", key)
		}
	}

	// What the type requires of the rest of the zip.
	switch {
	case kind == "metapackage":
		v.checkMetapackage(doc, root, require)
	case componentFiles[kind] != "":
		v.checkComponent(fsys, doc, root, kind)
	}
	return kind
}

// readComposer reads composer.json at the component's root, reporting
// when it is missing, misplaced, empty or not a JSON object, and returns
// it decoded, or nil.
func (v *verifier) readComposer(fsys fs.FS, root string) *composerDoc {
	file := root + "composer.json"
	info, err := fs.Stat(fsys, "composer.json")
	if err != nil || !info.Mode().IsRegular() {
		v.reportNoComposer(file, root)
		return nil
	}
	if info.Size() > maxComposerSize {
		v.r.Add(file, magento.Position{}, ruleZipComposerInvalid,
			"check that it is the right file",
			"composer.json is %d bytes; no real one comes near %d",
			info.Size(), maxComposerSize)
		return nil
	}
	data, err := fs.ReadFile(fsys, "composer.json")
	if err != nil {
		return nil // checkData reported the damage, or did not read a bomb
	}
	if len(bytes.TrimSpace(data)) == 0 {
		v.r.Add(file, magento.Position{}, ruleZipComposerEmpty,
			"fill in name, type, version and autoload", "empty composer.json file detected")
		return nil
	}

	// jsonpos refuses what Composer refuses and encoding/json accepts,
	// such as a key given twice.
	index, err := jsonpos.Scan(data)
	if err != nil {
		pos := magento.Position{}
		var se *jsonpos.SyntaxError
		if errors.As(err, &se) {
			pos = offsetPosition(data, se.Offset)
		}
		v.r.Add(file, pos, ruleZipComposerInvalid,
			"correct the JSON; composer validate shows the same spot",
			"bad composer.json file detected: %v", err)
		return nil
	}
	var fields map[string]any
	if err := json.Unmarshal(data, &fields); err != nil || fields == nil {
		v.r.Add(file, offsetPosition(data, 0), ruleZipComposerInvalid,
			"make the file one JSON object, {...}", "composer.json is not a JSON object")
		return nil
	}
	return &composerDoc{file: file, fields: fields, data: data, index: index}
}

// reportNoComposer reports that composer.json is not at file, saying
// where it is when it is deeper in the zip.
func (v *verifier) reportNoComposer(file, root string) {
	for _, name := range v.safeNames() {
		_, junk := junkPart(name)
		deeper := strings.HasPrefix(name, root) && name != file
		if path.Base(name) == "composer.json" && deeper && junk == "" {
			v.r.Add(file, magento.Position{}, ruleZipComposerMisplaced,
				"zip the component's directory, so that composer.json is at its top",
				"composer.json found in unexpected place %q; the Marketplace reads only %q",
				name, file)
			return
		}
	}
	v.r.Add(file, magento.Position{}, ruleZipComposerMissing,
		"add composer.json at the component's root", "composer.json missing")
}

// checkRequire checks the packages composer.json requires.
func (v *verifier) checkRequire(doc *composerDoc, kind string, require map[string]any) {
	for _, pkg := range slices.Sorted(maps.Keys(require)) {
		constraint, _ := require[pkg].(string)
		constraint = strings.TrimSpace(constraint)
		pos := doc.pos(jsonpos.Pointer("require", pkg))
		switch {
		case slices.Contains(magento.BannedRequires, pkg):
			v.r.Add(doc.file, pos, ruleZipBanned,
				"remove it; require the Magento modules the component uses instead",
				"the %q package must not be specified as a dependency", pkg)
		case strings.Contains(constraint, " as "):
			v.r.Add(doc.file, pos, ruleZipAlias,
				"require a real version; inline aliases belong in the root project",
				"%q uses the inline alias %q, which the Marketplace rejects", pkg, constraint)
		case strings.HasPrefix(pkg, "magento/") && constraint == "*":
			v.r.Add(doc.file, pos, ruleZipWildcard,
				"constrain it to the versions the component supports, such as 103.0.*",
				"%q must have specific version(s) as a dependency, not \"*\"", pkg)
		case kind == "metapackage" && strings.Contains(constraint, "*"):
			v.r.Add(doc.file, pos, ruleZipWildcard, "require one exact version, such as 1.4.0",
				"a metapackage requires %q as %q; it must name specific versions", pkg, constraint)
		case pkg == "php":
			v.r.Add(doc.file, pos, ruleZipPHP,
				"remove it; Magento's own requirement already bounds PHP",
				"php is required as %q; if it is specified at all, it must allow "+
					"every PHP version the supported Magento versions allow", constraint)
		}
	}
}

// checkMetapackage checks that a metapackage requires something and
// brings no files of its own.
func (v *verifier) checkMetapackage(doc *composerDoc, root string, require map[string]any) {
	if len(require) == 0 {
		v.r.Add(doc.file, doc.pos("/require"), ruleZipMetapackageRequire,
			"require the packages the metapackage stands for, each at a specific version",
			"require in composer.json is missing, empty, or incorrect")
	}

	var extra []string
	for _, hdr := range v.entries {
		name := hdr.Name
		isFile := !strings.HasSuffix(name, "/")
		if isFile && strings.HasPrefix(name, root) && name != doc.file {
			extra = append(extra, name)
		}
	}
	if len(extra) > 0 {
		v.r.Add("", magento.Position{}, ruleZipMetapackageFiles,
			"zip composer.json alone; a metapackage installs nothing itself",
			"metapackage holds files besides composer.json, such as %q (%d in all)",
			displayName(extra[0]), len(extra))
	}
}

// checkComponent checks a module, theme or language pack: how
// composer.json loads it, and the files its type requires.
func (v *verifier) checkComponent(fsys fs.FS, doc *composerDoc, root, kind string) {
	registration := "registration.php"
	if autoload, ok := doc.fields["autoload"].(map[string]any); ok {
		if listed := v.checkAutoload(doc, kind, autoload); listed != "" {
			registration = listed
		}
	} else {
		v.r.Add(doc.file, doc.pos("/autoload"), ruleZipAutoload,
			`add "autoload": {"files": ["registration.php"]}`,
			"the autoload directive is missing or not set up correctly")
	}

	// The type's descriptor file, such as etc/module.xml.
	want := componentFiles[kind]
	v.checkRequiredFile(fsys, root, want, ruleZipRequiredFile,
		fmt.Sprintf("add %s; a %s without it does not install", want, kind),
		fmt.Sprintf("; %q is a required file for the %q type", root+want, kind))

	// registration.php, where autoload.files says it is.
	v.checkRequiredFile(fsys, root, registration, ruleZipRegistration,
		"add registration.php calling ComponentRegistrar::register", "")
}

// checkRequiredFile reports rel, under root, when it is missing or
// empty, adding tail to the message.
func (v *verifier) checkRequiredFile(
	fsys fs.FS,
	root, rel string,
	rule *magento.Rule,
	fix, tail string,
) {
	file := root + rel
	info, err := fs.Stat(fsys, rel)
	switch {
	case err != nil || info.IsDir():
		v.r.Add(file, magento.Position{}, rule, fix, "%q is missing%s", file, tail)
	case info.Size() == 0:
		v.r.Add(file, magento.Position{}, rule, fix, "%q is empty%s", file, tail)
	}
}

// checkAutoload checks autoload in composer.json for a component of
// type kind. It returns where autoload.files says registration.php is,
// relative to the component's root, or "" when it does not say.
func (v *verifier) checkAutoload(
	doc *composerDoc,
	kind string,
	autoload map[string]any,
) string {
	file := doc.file
	filesFix := `add "registration.php" to "autoload": {"files": [...]}`

	// autoload.files must load registration.php from the root.
	var registration string
	files, _ := autoload["files"].([]any)
	for _, f := range files {
		if s, ok := f.(string); ok && path.Base(s) == "registration.php" {
			registration = s
			break
		}
	}
	switch clean := path.Clean(registration); {
	case len(files) == 0:
		v.r.Add(file, doc.pos("/autoload/files"), ruleZipAutoloadFiles, filesFix,
			"the files field of the autoload directive is missing or not set up correctly")
	case registration == "":
		v.r.Add(file, doc.pos("/autoload/files"), ruleZipAutoloadRegistration, filesFix,
			"registration.php not found in the files field of the autoload directive")
	case clean != "registration.php":
		v.r.Add(file, doc.pos("/autoload/files"), ruleZipSourceFolder,
			"move the component's files to the package's root and list \"registration.php\"",
			"autoload.files loads %q; alternate folder structure is currently not supported",
			registration)
	}

	// autoload.psr-4: a module's namespaces map to its root; themes and
	// language packs have no classes.
	psr4, isMap := autoload["psr-4"].(map[string]any)
	_, present := autoload["psr-4"]
	ptr := "/autoload/psr-4"
	switch {
	case kind != "magento2-module" && present:
		v.r.Add(file, doc.pos(ptr), ruleZipPSR4Forbidden, "remove autoload.psr-4",
			"a %s has no classes to autoload; the Marketplace rejects psr-4 here", kind)
	case kind != "magento2-module":
	case len(psr4) == 0 || !isMap:
		v.r.Add(file, doc.pos(ptr), ruleZipPSR4,
			`map the module's namespace to "" in autoload.psr-4`,
			"the psr4 field of the autoload directive is missing or not set up correctly")
	default:
		v.checkSourceFolders(doc, psr4)
	}
	if unsafeName(registration) != "" {
		return ""
	}
	return path.Clean(registration)
}

// checkSourceFolders reports every psr-4 directory other than "", the
// package's root: the Marketplace supports no other layout. A namespace
// may map to a list of directories, where the Marketplace's validator
// fails; each must be "".
func (v *verifier) checkSourceFolders(doc *composerDoc, psr4 map[string]any) {
	for _, ns := range slices.Sorted(maps.Keys(psr4)) {
		dirs, ok := psr4[ns].([]any)
		if !ok {
			dirs = []any{psr4[ns]}
		}
		for _, dir := range dirs {
			if dir == "" {
				continue
			}
			v.r.Add(doc.file, doc.pos(jsonpos.Pointer("autoload", "psr-4", ns)),
				ruleZipSourceFolder,
				`map the namespace to "" and move its classes to the package's root`,
				"namespace %q maps to %s; alternate folder structure is currently not supported",
				ns, jsonText(dir))
		}
	}
}

// jsonText writes a decoded JSON value back as JSON, for messages.
func jsonText(value any) string {
	data, _ := json.Marshal(value) // what was decoded from JSON encodes
	return string(data)
}

// repeats lists, for each rule of magento.CheckFS, the zip rules whose
// finding on the same file says the same thing, so that merge keeps one.
var repeats = map[string][]*magento.Rule{
	"composer-missing":             {ruleZipComposerMissing, ruleZipComposerMisplaced},
	"composer-syntax":              {ruleZipComposerInvalid},
	"composer-name":                {ruleZipName},
	"composer-type":                {ruleZipType},
	"composer-version":             {ruleZipVersion},
	"composer-version-marketplace": {ruleZipVersion, ruleZipVersionMarketplace},
	"composer-autoload-files": {ruleZipAutoload, ruleZipAutoloadFiles,
		ruleZipAutoloadRegistration, ruleZipSourceFolder},
	"composer-psr4":             {ruleZipAutoload, ruleZipPSR4, ruleZipSourceFolder},
	"composer-psr4-forbidden":   {ruleZipPSR4Forbidden},
	"composer-require-banned":   {ruleZipBanned},
	"composer-require-alias":    {ruleZipAlias},
	"composer-require-wildcard": {ruleZipWildcard},
	"composer-require-php":      {ruleZipPHP},
	"composer-extra-deprecated": {ruleZipExtra},
	"file-empty": {ruleZipComposerEmpty, ruleZipRequiredFile,
		ruleZipRegistration},
	"file-unreadable":      {ruleZipSymlink, ruleZipDamaged},
	"module-xml-missing":   {ruleZipRequiredFile},
	"theme-xml-missing":    {ruleZipRequiredFile},
	"language-xml-missing": {ruleZipRequiredFile},
	"registration-missing": {ruleZipRegistration},
}

// irrelevant are rules of magento.CheckFS that do not apply to a zip:
// the uploaded zip is where the version belongs, and zip-name-encoding
// already covers every name in the zip.
var irrelevant = []string{"composer-version-kept", "file-name-encoding"}

// merge adds the findings of magento.CheckFS on the component in root,
// with their files made zip paths, leaving out those that repeat a
// finding of the zip rules.
func (v *verifier) merge(checked *magento.Report, root string) {
	type fileCode struct{ file, code string }
	have := map[fileCode]bool{}
	for _, f := range v.r.Findings {
		have[fileCode{f.File, f.Code}] = true
	}

	for _, f := range checked.Findings {
		if f.File != "" {
			f.File = root + f.File
		}
		repeated := slices.ContainsFunc(repeats[f.Code], func(rule *magento.Rule) bool {
			return have[fileCode{f.File, rule.Code}]
		})
		if !repeated && !slices.Contains(irrelevant, f.Code) {
			v.r.Findings = append(v.r.Findings, f)
		}
	}
}
