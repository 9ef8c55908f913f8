// Package corpus writes a benchmark tree shaped like the vendor/magento
// directory of Magento Open Source 2.4.6-p1: the same 506 package
// directories and the same files, with the same sizes and modes.
//
// The tree's shape is embedded; the contents of the files are not:
//
//   - Each package with a registration.php at its root is a component,
//     and gets valid descriptors in place of the files Magento reads:
//     registration.php, composer.json, etc/module.xml, etc/acl.xml,
//     etc/webapi.xml, etc/adminhtml/system.xml and menu.xml, theme.xml
//     and language.xml, wherever the release has them. Modules use their
//     real names, load order, ACL resources and web API routes, so the
//     tree passes magento.Check without errors or warnings.
//   - Every other file is filler of its real size: sparse, or
//     deterministic text when [Options.Content] is set.
//   - The release's test fixtures hold registration.php files of their
//     own (114 of them, in magento2-base). They are left out, because
//     magento.Discover would take each fixture for a component.
package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/modpack/modpack/magento"
)

// The shape of the tree, and the facts about Magento's modules that the
// descriptors need: names, licences, load order and ACL resources.
var (
	//go:embed testdata/magento-2.4.6-tree.tsv.gz
	shapeData []byte
	//go:embed testdata/magento-modules.tsv
	coreModulesData []byte
	//go:embed testdata/magento-bundled-modules.tsv
	bundledModulesData []byte
	//go:embed testdata/magento-core-acl.tsv
	coreACLData []byte
	//go:embed testdata/magento-bundled-acl.tsv
	bundledACLData []byte
)

// Options controls Write.
type Options struct {
	// Packages is how many package directories to write, the first ones
	// in sorted order. Zero means all of them.
	Packages int

	// Content fills files with text of their real size. Without it they
	// are sparse, which is much faster to write and enough for anything
	// that does not read them.
	Content bool
}

// Stats says what Write wrote.
type Stats struct {
	Files      int
	Bytes      int64 // the files' sizes; sparse ones take less disk
	Components int   // package directories with a registration.php
}

// Write writes the corpus into dir, creating dir if needed and
// overwriting files already there. Two calls with the same options write
// the same bytes. On error, dir holds the files written so far.
func Write(dir string, opts Options) (Stats, error) {
	shape, err := loadShape()
	if err != nil {
		return Stats{}, err
	}
	tables, err := loadTables()
	if err != nil {
		return Stats{}, err
	}

	// Pick the first opts.Packages package directories.
	packages := packageFiles(shape)
	names := slices.Sorted(maps.Keys(packages))
	switch {
	case opts.Packages < 0 || opts.Packages > len(names):
		return Stats{}, fmt.Errorf("corpus has %d packages; cannot write %d",
			len(names), opts.Packages)
	case opts.Packages > 0:
		names = names[:opts.Packages]
	}

	// Write each package, with descriptors in place of filler where it
	// is a component.
	w := &writer{root: dir, content: opts.Content, made: map[string]bool{}}
	for _, name := range names {
		files := packages[name]
		descriptors, err := newComponent(name, files, tables).descriptors()
		if err != nil {
			return w.stats, err
		}
		if descriptors != nil {
			w.stats.Components++
		}
		for _, f := range files {
			if err := w.write(f, descriptors[f.rel]); err != nil {
				return w.stats, err
			}
		}
	}
	return w.stats, nil
}

// A shapeFile is one file of the tree.
type shapeFile struct {
	path string // slash-separated, starting with the package directory
	rel  string // path within the package directory
	size int64
	perm fs.FileMode
}

// loadShape reads the embedded tree once: a comment line, a header, then
// one "mode size path" row per file, tab-separated.
var loadShape = sync.OnceValues(func() ([]shapeFile, error) {
	zr, err := gzip.NewReader(bytes.NewReader(shapeData))
	if err != nil {
		return nil, fmt.Errorf("read tree shape: %v", err)
	}
	var files []shapeFile
	sc := bufio.NewScanner(zr)
	for line := 1; sc.Scan(); line++ {
		if line <= 2 {
			continue
		}
		f, err := parseShapeRow(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("read tree shape: line %d: %v", line, err)
		}
		files = append(files, f)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read tree shape: %v", err)
	}
	return files, nil
})

func parseShapeRow(row string) (shapeFile, error) {
	fields := strings.Split(row, "\t")
	if len(fields) != 3 {
		return shapeFile{}, fmt.Errorf("have %d fields, want 3", len(fields))
	}
	mode, err := strconv.ParseUint(fields[0], 8, 32)
	if err != nil {
		return shapeFile{}, fmt.Errorf("mode %q is not octal", fields[0])
	}
	size, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil || size < 0 {
		return shapeFile{}, fmt.Errorf("size %q is not a byte count", fields[1])
	}
	_, rel, ok := strings.Cut(fields[2], "/")
	if !ok || !fs.ValidPath(fields[2]) {
		return shapeFile{}, fmt.Errorf("path %q is not a file in a package", fields[2])
	}
	return shapeFile{
		path: fields[2],
		rel:  rel,
		size: size,
		perm: fs.FileMode(mode) & fs.ModePerm,
	}, nil
}

// packageFiles groups files by their package directory.
func packageFiles(files []shapeFile) map[string][]shapeFile {
	packages := map[string][]shapeFile{}
	for _, f := range files {
		name, _, _ := strings.Cut(f.path, "/")
		packages[name] = append(packages[name], f)
	}
	return packages
}

// A writer writes the files of the corpus and counts them.
type writer struct {
	root    string
	content bool
	made    map[string]bool // directories already created
	stats   Stats
}

// write writes f with the content given, or filler if content is nil.
func (w *writer) write(f shapeFile, content []byte) error {
	if path.Base(f.rel) == "registration.php" && f.rel != "registration.php" {
		return nil // a test fixture, which Discover would take for a component
	}

	name := filepath.Join(w.root, filepath.FromSlash(f.path))
	if dir := filepath.Dir(name); !w.made[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		w.made[dir] = true
	}

	var err error
	size := f.size
	if content != nil {
		size = int64(len(content))
		err = os.WriteFile(name, content, f.perm)
	} else {
		err = w.fill(name, f)
	}
	if err != nil {
		return err
	}
	w.stats.Files++
	w.stats.Bytes += size
	return nil
}

// fill writes the filler of f to the file name.
func (w *writer) fill(name string, f shapeFile) error {
	out, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, f.perm)
	if err != nil {
		return err
	}
	if w.content {
		err = writeText(out, f.path, f.size)
	} else {
		err = out.Truncate(f.size)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeText writes size bytes of filler text to out, starting at a
// place in the text that depends on name so that files differ.
func writeText(out *os.File, name string, size int64) error {
	text := fillerText()
	h := fnv.New32a()
	h.Write([]byte(name))
	start := int(h.Sum32() % uint32(len(text)))
	for size > 0 {
		chunk := text[start:]
		if int64(len(chunk)) > size {
			chunk = chunk[:size]
		}
		if _, err := out.Write(chunk); err != nil {
			return err
		}
		size -= int64(len(chunk))
		start = 0
	}
	return nil
}

// fillerText is 64 KiB of lines of PHP-like words, the same on every
// run: compressors see source-like text, neither zeros nor noise.
var fillerText = sync.OnceValue(func() []byte {
	const size = 64 << 10
	words := strings.Fields(`<?php namespace use class public private
		protected function return $this -> => array string int bool null
		if else foreach as new throw static self Magento Framework Model
		Api Data Interface Factory Repository Collection $result $data
		$value $item ( ) { } [ ] ; , :: /** * @param @return */`)
	rng := rand.New(rand.NewPCG(2, 4))
	var b bytes.Buffer
	for b.Len() < size {
		b.WriteString(strings.Repeat("    ", rng.IntN(4)))
		for i := range 1 + rng.IntN(10) {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		b.WriteByte('\n')
	}
	return b.Bytes()[:size]
})

// A component is a package directory with a registration.php.
type component struct {
	dir    string          // the package directory, such as module-catalog
	has    map[string]bool // the files of the directory, by relative path
	typ    magento.ComponentType
	name   string // as registration.php registers it
	module moduleInfo
	acl    []aclRow // the whole ACL table, for modules' etc/acl.xml
}

// newComponent returns the component in package directory dir, or nil
// if dir has no registration.php. The descriptor files that dir has
// say what type of component it is.
func newComponent(dir string, files []shapeFile, t *tables) *component {
	has := map[string]bool{}
	for _, f := range files {
		has[f.rel] = true
	}
	if !has["registration.php"] {
		return nil
	}

	c := &component{dir: dir, has: has, acl: t.acl}
	switch {
	case has["etc/module.xml"]:
		c.typ = magento.TypeModule
		c.module = t.modules["magento/"+dir]
		if c.module.name == "" {
			c.module.name = "Magento_" + studly(strings.TrimPrefix(dir, "module-"))
		}
		c.name = c.module.name
	case has["theme.xml"]:
		area, code, _ := strings.Cut(strings.TrimPrefix(dir, "theme-"), "-")
		c.typ, c.name = magento.TypeTheme, area+"/Magento/"+code
	case has["language.xml"]:
		c.typ = magento.TypeLanguage
		c.name = "magento_" + strings.TrimPrefix(dir, "language-")
	default:
		c.typ, c.name = magento.TypeLibrary, "magento/"+dir
	}
	return c
}

// studly joins the dash-separated words of s, each capitalized:
// catalog-graph-ql is CatalogGraphQl and aws-s3 is AwsS3.
func studly(s string) string {
	var b strings.Builder
	for _, word := range strings.Split(s, "-") {
		if word != "" {
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}

// descriptors returns the content of each file of c that Magento reads,
// by relative path. It returns nil for a nil c.
func (c *component) descriptors() (map[string][]byte, error) {
	if c == nil {
		return nil, nil
	}
	manifest, err := c.composerJSON()
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{
		"registration.php": c.registration(),
		"composer.json":    manifest,
	}
	switch c.typ {
	case magento.TypeModule:
		out["etc/module.xml"] = c.moduleXML()
		out["etc/acl.xml"] = c.aclXML()
		out["etc/webapi.xml"] = c.webapiXML()
		out["etc/adminhtml/system.xml"] = []byte("<?xml version=\"1.0\"?>\n<config>\n    <system/>\n</config>\n")
		out["etc/adminhtml/menu.xml"] = []byte("<?xml version=\"1.0\"?>\n<config>\n    <menu/>\n</config>\n")
	case magento.TypeTheme:
		out["theme.xml"] = c.themeXML()
	case magento.TypeLanguage:
		out["language.xml"] = c.languageXML()
	}

	// Write only the files the release has.
	maps.DeleteFunc(out, func(rel string, _ []byte) bool { return !c.has[rel] })
	return out, nil
}

func (c *component) registration() []byte {
	return fmt.Appendf(nil, `<?php
/**
 * Registers %s with Magento.
 */
use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::%s, '%s', __DIR__);
`, c.name, strings.ToUpper(string(c.typ)), c.name)
}

// composerJSON returns the package's composer.json. Packages missing
// from the module tables get the licences of Magento's open-source
// packages.
func (c *component) composerJSON() ([]byte, error) {
	type autoload struct {
		Files []string          `json:"files"`
		PSR4  map[string]string `json:"psr-4,omitempty"`
	}
	manifest := struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		Type        string   `json:"type"`
		License     []string `json:"license"`
		Autoload    autoload `json:"autoload"`
	}{
		Name:        "magento/" + c.dir,
		Description: "Stand-in for " + c.name + " in a benchmark corpus",
		Type:        "magento2-" + string(c.typ),
		License:     c.module.license,
		Autoload:    autoload{Files: []string{"registration.php"}},
	}
	if manifest.License == nil {
		manifest.License = []string{"OSL-3.0", "AFL-3.0"}
	}
	if c.typ == magento.TypeModule {
		ns := strings.Replace(c.name, "_", `\`, 1) + `\`
		manifest.Autoload.PSR4 = map[string]string{ns: ""}
	}
	data, err := json.MarshalIndent(manifest, "", "    ")
	if err != nil {
		return nil, fmt.Errorf("write composer.json of %s: %v", c.dir, err)
	}
	return append(data, '\n'), nil
}

const xsi = `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`

func (c *component) moduleXML() []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\"?>\n")
	fmt.Fprintf(&b, "<config %s xsi:noNamespaceSchemaLocation=%q>\n",
		xsi, "urn:magento:framework:Module/etc/module.xsd")
	fmt.Fprintf(&b, "    <module name=%q", c.name)
	if v := c.module.setupVersion; v != "" {
		fmt.Fprintf(&b, " setup_version=%q", v)
	}
	if len(c.module.sequence) == 0 {
		b.WriteString("/>\n</config>\n")
		return b.Bytes()
	}
	b.WriteString(">\n        <sequence>\n")
	for _, dep := range c.module.sequence {
		fmt.Fprintf(&b, "            <module name=%q/>\n", dep)
	}
	b.WriteString("        </sequence>\n    </module>\n</config>\n")
	return b.Bytes()
}

// webapiXML returns etc/webapi.xml declaring the package's real routes,
// less those whose resources only Adobe Commerce declares: the release
// ships such modules' webapi.xml without their acl.xml.
func (c *component) webapiXML() []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\"?>\n")
	fmt.Fprintf(&b, "<routes %s xsi:noNamespaceSchemaLocation=%q>\n",
		xsi, "urn:magento:module:Magento_Webapi:etc/webapi.xsd")
	for _, rt := range packageRoutes()["magento/"+c.dir] {
		class, method, _ := strings.Cut(rt.Service, "::")
		fmt.Fprintf(&b, "    <route url=\"%s\" method=\"%s\">\n", escapeXML(rt.URL), rt.Method)
		fmt.Fprintf(&b, "        <service class=\"%s\" method=\"%s\"/>\n",
			escapeXML(class), escapeXML(method))
		b.WriteString("        <resources>\n")
		for _, ref := range rt.Resources {
			fmt.Fprintf(&b, "            <resource ref=\"%s\"/>\n", escapeXML(ref))
		}
		b.WriteString("        </resources>\n    </route>\n")
	}
	b.WriteString("</routes>\n")
	return b.Bytes()
}

// packageRoutes returns the release's web API routes by package, each
// naming only resources of the release's ACL.
var packageRoutes = sync.OnceValue(func() map[string][]magento.Route {
	tree := magento.MagentoACL()
	known := func(ref string) bool {
		_, ok := tree.Lookup(ref)
		return ok || ref == "self" || ref == "anonymous"
	}
	out := map[string][]magento.Route{}
	for _, rt := range magento.MagentoRoutes() {
		if !slices.ContainsFunc(rt.Resources, func(ref string) bool { return !known(ref) }) {
			out[rt.Source] = append(out[rt.Source], rt)
		}
	}
	return out
})

// aclXML returns etc/acl.xml declaring the resources the module owns,
// each nested under its real parents. A module that owns none
// re-declares the admin root alone, as a valid empty tree.
func (c *component) aclXML() []byte {
	parents := map[string]string{}
	for _, r := range c.acl {
		parents[r.id] = r.parent
	}
	wanted := map[string]bool{}
	for _, r := range c.acl {
		if r.module != c.name {
			continue
		}
		for id := r.id; id != "" && !wanted[id]; id = parents[id] {
			wanted[id] = true
		}
	}
	if len(wanted) == 0 {
		wanted["Magento_Backend::admin"] = true
	}

	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\"?>\n")
	fmt.Fprintf(&b, "<config %s xsi:noNamespaceSchemaLocation=%q>\n",
		xsi, "urn:magento:framework:Acl/etc/acl.xsd")
	b.WriteString("    <acl>\n        <resources>\n")
	c.writeACLChildren(&b, "", wanted, 3)
	b.WriteString("        </resources>\n    </acl>\n</config>\n")
	return b.Bytes()
}

// writeACLChildren writes the wanted resources under parent, and theirs
// below them, in table order. Only the module's own resources carry a
// title: the others are declared elsewhere and only named here.
func (c *component) writeACLChildren(
	b *bytes.Buffer,
	parent string,
	wanted map[string]bool,
	depth int,
) {
	indent := strings.Repeat("    ", depth)
	for _, r := range c.acl {
		if r.parent != parent || !wanted[r.id] {
			continue
		}
		fmt.Fprintf(b, "%s<resource id=%q", indent, r.id)
		if r.module == c.name {
			fmt.Fprintf(b, ` title="%s" translate="title"`, escapeXML(r.title))
			if r.sortOrder != "" {
				fmt.Fprintf(b, " sortOrder=%q", r.sortOrder)
			}
			if r.disabled != "" {
				fmt.Fprintf(b, " disabled=%q", r.disabled)
			}
		}
		var children bytes.Buffer
		c.writeACLChildren(&children, r.id, wanted, depth+1)
		if children.Len() == 0 {
			b.WriteString("/>\n")
			continue
		}
		b.WriteString(">\n")
		b.Write(children.Bytes())
		b.WriteString(indent + "</resource>\n")
	}
}

func (c *component) themeXML() []byte {
	_, code, _ := strings.Cut(strings.TrimPrefix(c.dir, "theme-"), "-")
	return fmt.Appendf(nil, `<?xml version="1.0"?>
<theme %s xsi:noNamespaceSchemaLocation=%q>
    <title>Magento %s</title>
</theme>
`, xsi, "urn:magento:framework:Config/etc/theme.xsd", studly(code))
}

func (c *component) languageXML() []byte {
	pkg := strings.TrimPrefix(c.dir, "language-")
	return fmt.Appendf(nil, `<?xml version="1.0"?>
<language %s xsi:noNamespaceSchemaLocation=%q>
    <code>%s</code>
    <vendor>magento</vendor>
    <package>%s</package>
</language>
`, xsi, "urn:magento:framework:App/Language/package.xsd", localeCode(pkg), pkg)
}

// localeCode writes a lowercase locale the way language.xml does:
// de_de is de_DE and zh_hans_cn is zh_Hans_CN.
func localeCode(s string) string {
	parts := strings.Split(s, "_")
	for i, p := range parts[1:] {
		if len(p) == 2 {
			parts[i+1] = strings.ToUpper(p)
		} else {
			parts[i+1] = studly(p)
		}
	}
	return strings.Join(parts, "_")
}

func escapeXML(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// tables holds what the embedded tables say about Magento's modules.
type tables struct {
	modules map[string]moduleInfo // by Composer name
	acl     []aclRow              // in table order
}

// A moduleInfo is what a module's descriptors need to know about it.
type moduleInfo struct {
	name         string
	license      []string
	setupVersion string
	sequence     []string
}

// An aclRow is one ACL resource of Magento.
type aclRow struct {
	id, parent, title, module string
	sortOrder, disabled       string
}

// loadTables reads the embedded module and ACL tables once.
var loadTables = sync.OnceValues(func() (*tables, error) {
	t := &tables{modules: map[string]moduleInfo{}}
	for _, data := range [][]byte{coreModulesData, bundledModulesData} {
		rows, err := readTable(data, "module", "composer_name", "license",
			"setup_version", "sequence")
		if err != nil {
			return nil, fmt.Errorf("read module table: %v", err)
		}
		for _, r := range rows {
			t.modules[r[1]] = moduleInfo{
				name:         r[0],
				license:      splitList(r[2]),
				setupVersion: r[3],
				sequence:     splitList(r[4]),
			}
		}
	}
	for _, data := range [][]byte{coreACLData, bundledACLData} {
		rows, err := readTable(data, "id", "parent_id", "title", "module",
			"sortOrder", "disabled")
		if err != nil {
			return nil, fmt.Errorf("read ACL table: %v", err)
		}
		for _, r := range rows {
			t.acl = append(t.acl, aclRow{r[0], r[1], r[2], r[3], r[4], r[5]})
		}
	}
	return t, nil
})

// readTable reads a tab-separated table that starts with a comment line
// and a header, and returns the named columns of each row.
func readTable(data []byte, columns ...string) ([][]string, error) {
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) < 2 {
		return nil, fmt.Errorf("no header")
	}
	header := strings.Split(lines[1], "\t")
	index := make([]int, len(columns))
	for i, col := range columns {
		index[i] = slices.Index(header, col)
		if index[i] < 0 {
			return nil, fmt.Errorf("no column %q", col)
		}
	}

	var rows [][]string
	for n, line := range lines[2:] {
		fields := strings.Split(line, "\t")
		if len(fields) != len(header) {
			return nil, fmt.Errorf("line %d: have %d fields, want %d",
				n+3, len(fields), len(header))
		}
		row := make([]string, len(columns))
		for i, j := range index {
			row[i] = fields[j]
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// splitList splits a comma-separated cell; an empty cell is no items.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
