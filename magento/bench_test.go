package magento_test

import (
	"path/filepath"
	"testing"

	"github.com/modpack/modpack/internal/corpus"
	"github.com/modpack/modpack/magento"
)

// BenchmarkValidateTree finds and checks, one after another, every
// component of a tree shaped like Magento's vendor/magento: what
// `modpack validate vendor/magento` does, on one goroutine.
func BenchmarkValidateTree(b *testing.B) {
	dir := writeCorpus(b)
	components := 0
	for b.Loop() {
		dirs, errs := magento.Discover(dir)
		if len(errs) > 0 {
			b.Fatal(errs[0])
		}
		for _, d := range dirs {
			magento.Check(d, magento.Options{})
		}
		components = len(dirs)
	}
	b.ReportMetric(float64(components), "components/op")
}

// BenchmarkCheckComponent checks Magento_Cms, a module of 490 files
// with an etc/acl.xml of its own resources.
func BenchmarkCheckComponent(b *testing.B) {
	dir := filepath.Join(writeCorpus(b), "module-cms")
	for b.Loop() {
		if r := magento.Check(dir, magento.Options{}); r.Count(magento.Error) > 0 {
			b.Fatalf("Check found errors: %v", r.Findings)
		}
	}
}

// writeCorpus writes the whole corpus, sparse, and returns its directory.
func writeCorpus(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	if _, err := corpus.Write(dir, corpus.Options{}); err != nil {
		b.Fatal(err)
	}
	return dir
}
