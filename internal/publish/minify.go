package publish

import "reflect"

// unset is the value that, in a minified list, removes a key that the
// previous version had.
const unset = "__unset"

// Minify returns versions in Composer's "composer/2.0" minified form:
// the first version whole, each later one as only the keys whose values
// differ from the version before it, with "__unset" for a key it lacks.
// The order of versions is kept, since each one is read against the one
// before. A version whose value is the string "__unset" cannot be
// represented; Composer has the same limit.
func Minify(versions []map[string]any) []map[string]any {
	out := make([]map[string]any, 0, len(versions))
	var prev map[string]any
	for _, v := range versions {
		diff := make(map[string]any)
		for key, val := range v {
			old, ok := prev[key]
			if !ok || !reflect.DeepEqual(old, val) {
				diff[key] = val
			}
		}
		for key := range prev {
			if _, ok := v[key]; !ok {
				diff[key] = unset
			}
		}
		out = append(out, diff)
		prev = v
	}
	return out
}

// Expand reverses [Minify]: each version is the one before it with the
// keys of its own entry set, or removed where the value is "__unset".
func Expand(minified []map[string]any) []map[string]any {
	out := make([]map[string]any, 0, len(minified))
	cur := make(map[string]any)
	for _, diff := range minified {
		next := make(map[string]any, len(cur)+len(diff))
		for key, val := range cur {
			next[key] = val
		}
		for key, val := range diff {
			if s, ok := val.(string); ok && s == unset {
				delete(next, key)
				continue
			}
			next[key] = val
		}
		out = append(out, next)
		cur = next
	}
	return out
}
