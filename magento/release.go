package magento

import (
	"bufio"
	"bytes"
	_ "embed"
	"strings"
)

// The modules and packages of Magento Open Source 2.4.6-p1: every module
// the product requires, every module of the extensions it bundles, and
// the name and version of every package under vendor/magento.
var (
	//go:embed data/magento-modules.tsv
	coreModulesData []byte
	//go:embed data/magento-bundled-modules.tsv
	bundledModulesData []byte
	//go:embed data/magento-packages.tsv
	packagesData []byte
)

// A ModuleInfo describes a module of a Magento release.
type ModuleInfo struct {
	Name      string // Magento_Catalog
	Package   string // magento/module-catalog
	Version   string // the package version in the release
	Namespace string // PSR-4 prefix, `Magento\Catalog\`
}

// A Release is what modpack knows of one Magento release: its modules
// and the versions of its packages.
type Release struct {
	Version  string
	modules  map[string]ModuleInfo
	packages map[string]string // package name to version
}

// Module returns the module named name.
func (r *Release) Module(name string) (ModuleInfo, bool) {
	m, ok := r.modules[name]
	return m, ok
}

// PackageVersion returns the version of the package named name.
func (r *Release) PackageVersion(name string) (string, bool) {
	v, ok := r.packages[name]
	return v, ok
}

// ModuleForClass returns the module whose namespace holds the fully
// qualified class name, matching the longest namespace.
func (r *Release) ModuleForClass(class string) (ModuleInfo, bool) {
	var best ModuleInfo
	for _, m := range r.modules {
		if strings.HasPrefix(class, m.Namespace) && len(m.Namespace) > len(best.Namespace) {
			best = m
		}
	}
	return best, best.Name != ""
}

// Magento246 returns Magento Open Source 2.4.6-p1, the release modpack
// embeds.
func Magento246() *Release {
	r := &Release{
		Version:  "2.4.6-p1",
		modules:  map[string]ModuleInfo{},
		packages: map[string]string{},
	}
	for _, data := range [][]byte{coreModulesData, bundledModulesData} {
		for _, f := range tableRows(data, "module") {
			if len(f) < 5 {
				continue
			}
			r.modules[f[0]] = ModuleInfo{Name: f[0], Package: f[1], Version: f[3], Namespace: f[4]}
		}
	}
	for _, f := range tableRows(packagesData, "name") {
		if len(f) >= 2 {
			r.packages[f[0]] = f[1]
		}
	}
	return r
}

// tableRows returns the tab-separated fields of each row of an embedded
// table, skipping its comment line and the header whose first column is
// header.
func tableRows(data []byte, header string) [][]string {
	var rows [][]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, header+"\t") {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}
