package integration

import (
	"bytes"
	"slices"
	"testing"

	"github.com/modpack/modpack/magento"
)

// FuzzEdit checks that any input parses or fails cleanly, and that an
// add followed by the matching remove gives back the input, unless the
// add filled in a parent that an entry listed before it lacked. Seeds
// live in testdata/fuzz.
func FuzzEdit(f *testing.F) {
	tree := magento.MagentoACL()
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			return
		}
		for _, name := range d.Names() {
			before, _ := d.Resources(name)
			if len(before) == 0 {
				continue
			}
			added, err := d.Add(name, []string{"Magento_Sales::hold"}, tree)
			if err != nil || len(added) == 0 || fillsParent(tree, added, before) {
				continue
			}
			if err := d.Remove(name, added, tree); err != nil {
				t.Fatalf("Remove(%q) after Add: %v\n%s", added, err, d.Bytes())
			}
			if !bytes.Equal(d.Bytes(), data) {
				t.Fatalf("Add then Remove of %q changed\n%q\ninto\n%q", added, data, d.Bytes())
			}
		}
	})
}

// fillsParent reports whether one of added is an ancestor of one of
// listed.
func fillsParent(tree *magento.ACLTree, added, listed []string) bool {
	for _, id := range listed {
		for _, a := range tree.Ancestors(id) {
			if slices.Contains(added, a) {
				return true
			}
		}
	}
	return false
}
