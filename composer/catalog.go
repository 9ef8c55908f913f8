package composer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/modpack/modpack/magento"
)

// A Catalog says which package provides a Magento module or a PHP
// namespace, and with which constraint a component should require it.
type Catalog struct {
	// Release is the Magento release whose tables name the packages of
	// Magento's modules and their versions.
	Release *magento.Release

	// Installation, when set, is a Magento installation whose packages
	// take precedence over Release.
	Installation *Installation
}

// A Package is a package that provides something a component uses.
type Package struct {
	Name       string
	Constraint string // "" when no version is known
}

// frameworkNamespace is the namespace of magento/framework, the library
// every component builds on.
const frameworkNamespace = `Magento\Framework\`

// ByModule returns the package of the Magento module named name.
func (c *Catalog) ByModule(name string) (Package, bool) {
	if in := c.Installation; in != nil {
		if pkg, ok := in.modules[name]; ok {
			return c.pick(pkg), true
		}
	}
	if m, ok := c.Release.Module(name); ok {
		return c.pick(m.Package), true
	}
	return Package{}, false
}

// ByClass returns the package whose namespace holds the fully qualified
// class name.
func (c *Catalog) ByClass(class string) (Package, bool) {
	if in := c.Installation; in != nil {
		if pkg, ok := longestPrefix(in.namespaces, class); ok {
			return c.pick(pkg), true
		}
	}
	if strings.HasPrefix(class, frameworkNamespace) {
		return c.pick("magento/framework"), true
	}
	if m, ok := c.Release.ModuleForClass(class); ok {
		return c.pick(m.Package), true
	}
	return Package{}, false
}

// Framework returns magento/framework with its constraint.
func (c *Catalog) Framework() Package { return c.pick("magento/framework") }

// pick returns pkg with the constraint for its version: the installed
// one when there is an installation, else the release's.
func (c *Catalog) pick(pkg string) Package {
	if in := c.Installation; in != nil {
		if v, ok := in.versions[pkg]; ok {
			return Package{Name: pkg, Constraint: constraintFor(pkg, v)}
		}
	}
	if v, ok := c.Release.PackageVersion(pkg); ok {
		return Package{Name: pkg, Constraint: constraintFor(pkg, v)}
	}
	return Package{Name: pkg}
}

var versionPattern = regexp.MustCompile(`^v?(\d+)\.(\d+)\.(\d+)`)

// constraintFor returns the constraint that accepts version v of pkg
// and what may follow it without breaking. Magento's packages move their
// minor version with each Magento release, so they get MAJOR.MINOR.*, as
// Magento's own modules require each other. Other packages get ^v: at
// least the installed version, below the next major. A bare >=v would be
// unbounded, which composer validate --strict rejects.
func constraintFor(pkg, v string) string {
	m := versionPattern.FindStringSubmatch(v)
	if m == nil {
		return ""
	}
	if strings.HasPrefix(pkg, "magento/") {
		return m[1] + "." + m[2] + ".*"
	}
	return "^" + strings.TrimPrefix(v, "v")
}

// longestPrefix returns the value of the longest key of m that prefixes s.
func longestPrefix(m map[string]string, s string) (string, bool) {
	best, bestKey := "", ""
	for k, v := range m {
		if strings.HasPrefix(s, k) && len(k) > len(bestKey) {
			best, bestKey = v, k
		}
	}
	return best, bestKey != ""
}

// An Installation is what a Magento installation's Composer metadata
// says of the packages it has installed.
type Installation struct {
	Root       string
	versions   map[string]string // package to installed version
	modules    map[string]string // module name to package
	namespaces map[string]string // PSR-4 prefix to package
}

// installedPackage is the part of an entry of vendor/composer/installed.json
// that modpack reads.
type installedPackage struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Path     string `json:"install-path"`
	Autoload struct {
		PSR4 map[string]json.RawMessage `json:"psr-4"`
	} `json:"autoload"`
}

// LoadInstallation reads the Magento installation at root: the packages
// in vendor/composer/installed.json, and the modules in app/code with a
// composer.json of their own.
func LoadInstallation(root string) (*Installation, error) {
	in := &Installation{
		Root:       root,
		versions:   map[string]string{},
		modules:    map[string]string{},
		namespaces: map[string]string{},
	}

	name := filepath.Join(root, "vendor", "composer", "installed.json")
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s has no vendor/composer/installed.json; "+
			"name a Magento root where composer install has run", root)
	}
	if err != nil {
		return nil, err
	}
	pkgs, err := parseInstalled(data)
	if err != nil {
		return nil, fmt.Errorf("read %s: %v", name, err)
	}
	for _, p := range pkgs {
		dir := filepath.Join(root, "vendor", filepath.FromSlash(p.Name))
		if p.Path != "" {
			dir = filepath.Join(root, "vendor", "composer", filepath.FromSlash(p.Path))
		}
		in.add(p, dir)
	}

	// Modules in app/code count when they are packages themselves.
	dirs, _ := filepath.Glob(filepath.Join(root, "app", "code", "*", "*"))
	for _, dir := range dirs {
		data, err := os.ReadFile(filepath.Join(dir, "composer.json"))
		if err != nil {
			continue
		}
		var p installedPackage
		if json.Unmarshal(data, &p) == nil && p.Name != "" {
			in.add(p, dir)
		}
	}
	return in, nil
}

// parseInstalled reads installed.json in Composer 2's format, an object
// with a "packages" list, or Composer 1's, a bare list.
func parseInstalled(data []byte) ([]installedPackage, error) {
	var v2 struct {
		Packages []installedPackage `json:"packages"`
	}
	if err := json.Unmarshal(data, &v2); err == nil {
		return v2.Packages, nil
	}
	var v1 []installedPackage
	if err := json.Unmarshal(data, &v1); err != nil {
		return nil, err
	}
	return v1, nil
}

// add records package p, installed in dir.
func (in *Installation) add(p installedPackage, dir string) {
	if p.Version != "" {
		in.versions[p.Name] = p.Version
	}
	for ns := range p.Autoload.PSR4 {
		in.namespaces[ns] = p.Name
	}
	data, err := os.ReadFile(filepath.Join(dir, "etc", "module.xml"))
	if err != nil {
		return
	}
	if mx, _ := magento.ParseModuleXML(data); mx != nil && len(mx.Modules) > 0 {
		in.modules[mx.Modules[0].Name] = p.Name
	}
}
