package composer

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/modpack/modpack/magento"
)

// Options says how to write a component's composer.json.
type Options struct {
	Name        string // package name; "" takes Magento's convention
	Description string // "" takes the README's first sentence
	License     string // "" means "proprietary"
	Version     string // written only when set
	Catalog     *Catalog
}

// Generate returns the composer.json of component c as Magento's own
// packages have it: name, description, type, license, require and
// autoload, and version only when opts.Version is set. The requirements
// are those Requirements finds; the gaps are what it could not place.
func Generate(c *magento.Component, opts Options) (*Object, []Gap, error) {
	if c.Type == "" || c.Name == "" {
		return nil, nil, errors.New("registration.php does not say what the component is; " +
			"run modpack validate and fix it first")
	}
	name := opts.Name
	if name == "" {
		name = magento.ComposerName(c.Type, c.Name)
	}
	if name == "" {
		return nil, nil, fmt.Errorf("no Composer name follows from %q; pass --name vendor/package", c.Name)
	}
	description := opts.Description
	if description == "" {
		description = readmeSentence(c.FS)
	}
	if description == "" {
		description = fmt.Sprintf("%s, a Magento 2 %s.", c.Name, typeNoun[c.Type])
	}
	license := opts.License
	if license == "" {
		license = "proprietary"
	}

	doc := &Object{}
	doc.Set("name", name)
	doc.Set("description", description)
	doc.Set("type", "magento2-"+string(c.Type))
	doc.Set("license", license)
	if opts.Version != "" {
		doc.Set("version", opts.Version)
	}

	reqs, gaps := Requirements(c, opts.Catalog)
	require := &Object{}
	for _, r := range reqs {
		if r.Constraint == "" {
			gaps = append(gaps, Gap{r.Name, "no version of it is known"})
			continue
		}
		require.Set(r.Name, r.Constraint)
	}
	doc.Set("require", require)

	autoload := &Object{}
	autoload.Set("files", []Value{"registration.php"})
	if c.Type == magento.TypeModule {
		psr4 := &Object{}
		psr4.Set(namespaceOf(c.Name), "")
		autoload.Set("psr-4", psr4)
	}
	doc.Set("autoload", autoload)
	return doc, gaps, nil
}

// typeNoun names each kind of component in prose.
var typeNoun = map[magento.ComponentType]string{
	magento.TypeModule:   "module",
	magento.TypeTheme:    "theme",
	magento.TypeLanguage: "language pack",
	magento.TypeLibrary:  "library",
}

// Update brings doc, an existing composer.json, in line with component
// c: it adds the requirements the component has and doc lacks, sets the
// type, and makes autoload load registration.php and map the module
// namespace. It keeps every other key, and every constraint already
// there. It returns what it changed, and notes on what it left to the
// user: requirements the code no longer uses, and gaps.
func Update(doc *Object, c *magento.Component, cat *Catalog) (changes, notes []string) {
	if c.Type == "" || c.Name == "" {
		return nil, []string{"registration.php does not say what the component is; " +
			"run modpack validate and fix it first"}
	}

	// The type.
	if want := "magento2-" + string(c.Type); stringAt(doc, "type") != want {
		doc.SetAfter("type", want, "description", "name")
		changes = append(changes, fmt.Sprintf("set type to %q", want))
	}

	changes = append(changes, updateAutoload(doc, c)...)

	// Requirements: add what is missing, report what is unused.
	reqs, gaps := Requirements(c, cat)
	require, ok := objectAt(doc, "require")
	if !ok {
		require = &Object{}
	}
	needed := map[string]bool{}
	for _, r := range reqs {
		needed[r.Name] = true
		if _, ok := require.Get(r.Name); ok {
			continue
		}
		if r.Constraint == "" {
			gaps = append(gaps, Gap{r.Name, r.Because + "; no version of it is known"})
			continue
		}
		require = insertPackage(require, r.Name, r.Constraint)
		changes = append(changes, fmt.Sprintf("required %s %s: %s", r.Name, r.Constraint, r.Because))
	}
	if require.Len() > 0 {
		doc.SetAfter("require", require, "version", "license", "type", "description", "name")
	}
	for _, pkg := range require.Keys() {
		if !needed[pkg] && isModulePackage(pkg, cat) {
			notes = append(notes, fmt.Sprintf("%s is required but neither etc/module.xml nor "+
				"the PHP code uses it; remove it if nothing else needs it", pkg))
		}
	}
	for _, g := range gaps {
		notes = append(notes, g.String())
	}
	return changes, notes
}

// updateAutoload makes autoload.files load registration.php and, for a
// module, autoload.psr-4 map its namespace. An existing mapping of the
// namespace elsewhere is left alone: moving it could break the code.
func updateAutoload(doc *Object, c *magento.Component) []string {
	var changes []string
	autoload, ok := objectAt(doc, "autoload")
	if !ok {
		autoload = &Object{}
	}

	// Composer's schema wants a list of files, never a single string.
	files, _ := autoload.Get("files")
	list, _ := files.([]Value)
	if s, isString := files.(string); isString {
		list = []Value{s}
		autoload.Set("files", list)
		changes = append(changes, "made autoload.files a list, as Composer's schema requires")
	}
	if !slices.Contains(list, Value("registration.php")) {
		autoload.Set("files", append(list, "registration.php"))
		changes = append(changes, "added registration.php to autoload.files")
	}

	if c.Type == magento.TypeModule {
		ns := namespaceOf(c.Name)
		psr4, ok := objectAt(autoload, "psr-4")
		if !ok {
			psr4 = &Object{}
		}
		if _, mapped := psr4.Get(ns); !mapped {
			psr4.Set(ns, "")
			autoload.Set("psr-4", psr4)
			changes = append(changes, fmt.Sprintf("mapped %q to the module root in autoload.psr-4", ns))
		}
	}

	if len(changes) > 0 {
		doc.SetAfter("autoload", autoload, "require", "license", "type")
	}
	return changes
}

// insertPackage returns require with pkg added: in sorted place when the
// list is sorted already, as Composer's sort-packages keeps it, else at
// the end.
func insertPackage(require *Object, pkg, constraint string) *Object {
	keys := require.Keys()
	if !slices.IsSortedFunc(keys, comparePackages) {
		require.Set(pkg, constraint)
		return require
	}
	sorted := &Object{}
	added := false
	for _, k := range keys {
		if !added && comparePackages(pkg, k) < 0 {
			sorted.Set(pkg, constraint)
			added = true
		}
		v, _ := require.Get(k)
		sorted.Set(k, v)
	}
	if !added {
		sorted.Set(pkg, constraint)
	}
	return sorted
}

// comparePackages orders package names as Composer's sort-packages does:
// platform packages (php, extensions, libraries) first, then the rest,
// each group in case-insensitive order.
func comparePackages(a, b string) int {
	pa, pb := isPlatform(a), isPlatform(b)
	switch {
	case pa && !pb:
		return -1
	case pb && !pa:
		return 1
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

var platformPattern = regexp.MustCompile(
	`^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|(ext|lib)-.+|composer(-plugin|-runtime)?-api)$`)

func isPlatform(pkg string) bool { return platformPattern.MatchString(strings.ToLower(pkg)) }

// isModulePackage reports whether pkg is the package of a Magento module
// that cat knows, the requirements Update can tell are unused.
func isModulePackage(pkg string, cat *Catalog) bool {
	if in := cat.Installation; in != nil && slices.Contains(mapValues(in.modules), pkg) {
		return true
	}
	return strings.HasPrefix(pkg, "magento/module-")
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func stringAt(o *Object, key string) string {
	v, _ := o.Get(key)
	s, _ := v.(string)
	return s
}

func objectAt(o *Object, key string) (*Object, bool) {
	v, _ := o.Get(key)
	obj, ok := v.(*Object)
	return obj, ok
}

// namespaceOf returns the PHP namespace of module name as a PSR-4 key.
func namespaceOf(name string) string {
	return strings.Replace(name, "_", `\`, 1) + `\`
}

// readmeSentence returns the first sentence of the component's README,
// with Markdown markup removed, or "" when there is none.
func readmeSentence(fsys fs.FS) string {
	for _, name := range []string{"README.md", "README", "README.txt", "readme.md"} {
		f, err := fsys.Open(name)
		if err != nil {
			continue
		}
		defer f.Close()
		return firstSentence(firstParagraph(bufio.NewScanner(f)))
	}
	return ""
}

// firstParagraph returns the first paragraph of prose, passing over
// headings, badges, HTML and rules.
func firstParagraph(sc *bufio.Scanner) string {
	var para []string
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			if len(para) > 0 {
				break
			}
			continue
		}
		if len(para) == 0 && isDecoration(line) {
			continue
		}
		para = append(para, line)
	}
	return strings.Join(para, " ")
}

func isDecoration(line string) bool {
	for _, prefix := range []string{"#", "[![", "![", "<", "===", "---", "```", "|", ">"} {
		if strings.HasPrefix(line, prefix) {
			return true
		}
	}
	return false
}

var (
	mdLink      = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdEmphasis  = regexp.MustCompile("(\\*\\*|__|`)")
	sentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)
)

// firstSentence returns the first sentence of Markdown text s, as plain
// text.
func firstSentence(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdEmphasis.ReplaceAllString(s, "")
	if loc := sentenceEnd.FindStringIndex(s); loc != nil {
		s = s[:loc[0]+1]
	}
	return strings.TrimSpace(s)
}
