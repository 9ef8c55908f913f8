package magento

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/modpack/modpack/internal/textdist"
)

// Magento Open Source 2.4.6-p1's ACL resources: those of the modules the
// product requires directly, and those of the extensions it bundles
// (Inventory, Page Builder, Adobe Stock and others).
var (
	//go:embed data/magento-core-acl.tsv
	coreACLData []byte
	//go:embed data/magento-bundled-acl.tsv
	bundledACLData []byte
)

// Roots of every Magento ACL tree. Magento grants Magento_Backend::admin
// to every integration and role by itself, so it never needs listing.
const (
	aclAll   = "Magento_Backend::all"
	aclAdmin = "Magento_Backend::admin"
)

// An ACLResource is one node of an ACL tree.
type ACLResource struct {
	ID        string
	Parent    string // "" for a root
	Title     string
	Module    string // the module whose acl.xml declares it
	SortOrder int    // place among its siblings, as Magento sorts them
}

// An ACLTree is a set of ACL resources joined by their parent ids, as
// Magento merges them from every module's etc/acl.xml.
type ACLTree struct {
	Source    string // what the tree was read from, for messages
	resources map[string]ACLResource
	arrival   map[string]int // order of first arrival, for ties in sort order
}

func newACLTree(source string, size int) *ACLTree {
	return &ACLTree{
		Source:    source,
		resources: make(map[string]ACLResource, size),
		arrival:   make(map[string]int, size),
	}
}

// put adds r to t, replacing a resource with the same id but keeping
// its place among its siblings.
func (t *ACLTree) put(r ACLResource) {
	if _, ok := t.arrival[r.ID]; !ok {
		t.arrival[r.ID] = len(t.arrival)
	}
	t.resources[r.ID] = r
}

// Lookup returns the resource with the given id.
func (t *ACLTree) Lookup(id string) (ACLResource, bool) {
	r, ok := t.resources[id]
	return r, ok
}

// Len returns the number of resources in t.
func (t *ACLTree) Len() int { return len(t.resources) }

// Ancestors returns the ids above id, nearest first. It stops at an id
// missing from the tree and at a cycle.
func (t *ACLTree) Ancestors(id string) []string {
	var out []string
	seen := map[string]bool{id: true}
	for {
		r, ok := t.resources[id]
		if !ok || r.Parent == "" || seen[r.Parent] {
			return out
		}
		out = append(out, r.Parent)
		seen[r.Parent] = true
		id = r.Parent
	}
}

// InTreeOrder returns ids sorted as Magento shows them in its resource
// tree: each parent before its children, siblings by sort order. Ids
// the tree does not know come last, in the order given.
func (t *ACLTree) InTreeOrder(ids []string) []string {
	type keyed struct {
		id  string
		key []ACLResource // the path from the root down to id
	}
	list := make([]keyed, len(ids))
	for i, id := range ids {
		list[i].id = id
		if r, ok := t.resources[id]; ok {
			path := []ACLResource{r}
			for _, a := range t.Ancestors(id) {
				path = append(path, t.resources[a])
			}
			slices.Reverse(path)
			list[i].key = path
		}
	}
	slices.SortStableFunc(list, func(a, b keyed) int {
		if a.key == nil || b.key == nil {
			return boolRank(a.key == nil) - boolRank(b.key == nil)
		}
		for i := 0; i < len(a.key) && i < len(b.key); i++ {
			if c := t.compareSiblings(a.key[i], b.key[i]); c != 0 {
				return c
			}
		}
		return len(a.key) - len(b.key)
	})

	out := make([]string, len(list))
	for i, k := range list {
		out[i] = k.id
	}
	return out
}

func (t *ACLTree) compareSiblings(a, b ACLResource) int {
	if a.ID == b.ID {
		return 0
	}
	if a.SortOrder != b.SortOrder {
		return a.SortOrder - b.SortOrder
	}
	return t.arrival[a.ID] - t.arrival[b.ID]
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// renamedACL maps ids that tutorials still teach to the ids that
// replaced them.
var renamedACL = map[string]string{
	// Magento 1's online-customers grid moved from Log to Customer.
	"Magento_Log::online": "Magento_Customer::online",
}

// Closest returns up to n ids of t that look most like id, best first,
// for "did you mean" hints.
func (t *ACLTree) Closest(id string, n int) []string {
	if renamed, ok := renamedACL[id]; ok {
		if _, known := t.resources[renamed]; known {
			return []string{renamed}
		}
	}

	type scored struct {
		id   string
		dist int
	}
	var all []scored
	limit := max(3, len(id)/3)
	for other := range t.resources {
		if d := textdist.Levenshtein(strings.ToLower(id), strings.ToLower(other)); d <= limit {
			all = append(all, scored{other, d})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].dist != all[j].dist {
			return all[i].dist < all[j].dist
		}
		return all[i].id < all[j].id
	})
	// Only the nearest few are worth showing.
	var out []string
	for i := 0; i < len(all) && i < n && all[i].dist <= all[0].dist+1; i++ {
		out = append(out, all[i].id)
	}
	return out
}

// with returns a copy of t that also holds extra; resources in extra
// replace those of t with the same id.
func (t *ACLTree) with(extra []ACLResource) *ACLTree {
	merged := newACLTree(t.Source, len(t.resources)+len(extra))
	for id, r := range t.resources {
		merged.resources[id] = r
		merged.arrival[id] = t.arrival[id]
	}
	for _, r := range extra {
		if old, ok := merged.resources[r.ID]; ok {
			if r.Title == "" {
				r.Title = old.Title
			}
			if r.Module == "" {
				r.Module = old.Module
			}
		}
		merged.put(r)
	}
	return merged
}

// MagentoACL returns the ACL tree of Magento Open Source 2.4.6-p1 with
// its bundled extensions.
func MagentoACL() *ACLTree {
	t := newACLTree("Magento Open Source 2.4.6-p1", 300)
	for _, data := range [][]byte{coreACLData, bundledACLData} {
		for _, r := range parseACLTable(data) {
			t.put(r)
		}
	}
	return t
}

// parseACLTable reads an embedded ACL table: id, parent, title, module
// and sort order.
func parseACLTable(data []byte) []ACLResource {
	var out []ACLResource
	for _, f := range tableRows(data, "id") {
		if len(f) < 4 {
			continue
		}
		r := ACLResource{ID: f[0], Parent: f[1], Title: f[2], Module: f[3]}
		if len(f) > 4 {
			r.SortOrder, _ = strconv.Atoi(f[4]) // best effort: unsorted is still a tree
		}
		out = append(out, r)
	}
	return out
}

// LoadACL reads the ACL tree of the Magento installation at root: the
// etc/acl.xml of every component under vendor/*/* and app/code/*/*.
// Files that cannot be read or parsed are reported in the error, which
// lists them all; the tree holds what could be read.
func LoadACL(root string) (*ACLTree, error) {
	t := newACLTree(root, 0)
	dirs, err := installedComponents(root)
	if err != nil {
		return nil, err
	}

	var problems []string
	for _, dir := range dirs {
		data, err := os.ReadFile(filepath.Join(dir, "etc", "acl.xml"))
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
				problems = append(problems, err.Error())
			}
			continue
		}
		module := moduleNameOf(dir)
		acl, findings := ParseACL(data)
		for _, f := range findings {
			if f.Severity == Error {
				problems = append(problems, fmt.Sprintf("%s:%s: %s",
					filepath.Join(dir, "etc", "acl.xml"), f.Pos, f.Message))
			}
		}
		if acl == nil {
			continue
		}
		for _, r := range acl.Resources {
			merged := ACLResource{
				ID: r.ID, Parent: r.Parent, Title: r.Title, Module: module,
				SortOrder: r.SortOrder,
			}
			if old, ok := t.resources[r.ID]; ok {
				merged = old
				if merged.Title == "" {
					merged.Title = r.Title
				}
			}
			t.put(merged)
		}
	}
	if t.Len() == 0 {
		problems = append(problems, "no ACL resources found under "+root)
	}
	if len(problems) > 0 {
		return t, fmt.Errorf("read ACL of %s:\n\t%s", root, strings.Join(problems, "\n\t"))
	}
	return t, nil
}

// installedComponents returns the component directories of the Magento
// installation at root.
func installedComponents(root string) ([]string, error) {
	var dirs []string
	for _, pattern := range []string{"vendor/*/*", "app/code/*/*"} {
		matches, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, matches...)
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("%s holds no vendor/*/* or app/code/*/* components; "+
			"--magento-root must name a Magento installation's root", root)
	}
	return dirs, nil
}

// moduleNameOf returns the module name declared in dir/etc/module.xml,
// or "" when there is none.
func moduleNameOf(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "etc", "module.xml"))
	if err != nil {
		return ""
	}
	m, _ := ParseModuleXML(data)
	if m == nil || len(m.Modules) == 0 {
		return ""
	}
	return m.Modules[0].Name
}
