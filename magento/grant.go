package magento

import (
	"fmt"
	"slices"
	"strings"
)

// A Grant is the set of ACL resources Magento allows an integration
// once it is created from its configuration.
type Grant struct {
	all bool
	ids map[string]bool
}

// GrantOf returns what Magento allows an integration that lists
// resources, resolved against tree, the ACL of the installation:
//
//   - Ids the tree does not know are dropped without a word.
//   - The legacy api.xml grants exactly the listed ids; every other one,
//     a parent too, is stored as denied.
//   - etc/integration.xml (consolidated) also grants every ancestor.
//   - Magento_Backend::admin is always granted, and Magento_Backend::all
//     grants everything.
func GrantOf(tree *ACLTree, resources []string, consolidated bool) Grant {
	g := Grant{ids: map[string]bool{aclAdmin: true}}
	for _, id := range resources {
		if _, ok := tree.Lookup(id); !ok {
			continue
		}
		if id == aclAll {
			g.all = true
		}
		g.ids[id] = true
		if consolidated {
			for _, a := range tree.Ancestors(id) {
				g.ids[a] = true
			}
		}
	}
	return g
}

// Allows reports whether g grants the resource id.
func (g Grant) Allows(id string) bool { return g.all || g.ids[id] }

// IsAll reports whether g grants every resource.
func (g Grant) IsAll() bool { return g.all }

// WithAncestors returns ids with every ancestor each has in tree, in
// tree order and without repeats. Magento_Backend::admin, which Magento
// grants by itself, is left out. Ids the tree does not know are
// returned in unknown.
func WithAncestors(tree *ACLTree, ids []string) (all, unknown []string) {
	seen := map[string]bool{aclAdmin: true}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			all = append(all, id)
		}
	}
	for _, id := range ids {
		if _, ok := tree.Lookup(id); !ok {
			if !slices.Contains(unknown, id) {
				unknown = append(unknown, id)
			}
			continue
		}
		for _, a := range tree.Ancestors(id) {
			add(a)
		}
		add(id)
	}
	return tree.InTreeOrder(all), unknown
}

// UnknownError returns an error naming ids, which t does not know, each
// with the closest ids t does know.
func (t *ACLTree) UnknownError(ids []string) error {
	var lines []string
	for _, id := range ids {
		line := fmt.Sprintf("unknown ACL resource %q", id)
		if near := t.Closest(id, 3); len(near) > 0 {
			line += "; closest known: " + strings.Join(near, ", ")
		}
		lines = append(lines, line)
	}
	return fmt.Errorf("%s (resolved against the ACL of %s)", strings.Join(lines, "\n\t"), t.Source)
}
