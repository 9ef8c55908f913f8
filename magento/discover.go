package magento

import (
	"cmp"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// A DiscoverError is a path that Discover could not search.
type DiscoverError struct {
	Path string
	Err  error
}

func (e *DiscoverError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *DiscoverError) Unwrap() error { return e.Err }

var (
	// ErrNoComponent is returned for a path with no Magento component in it.
	ErrNoComponent = errors.New("no Magento component (no registration.php) found")

	errNotDir = errors.New("not a directory; name a component directory or one above it")
)

// Discover returns the directories of the components under each path:
// directories holding a registration.php. It does not look inside a
// component for others, and skips vendor/, node_modules/, dot
// directories and Magento's test fixture directories (_files) unless a
// path names them itself. It follows symbolic links to directories, once
// each. Paths it cannot search are returned as errors beside the
// components it did find.
func Discover(paths ...string) ([]string, []error) {
	var (
		dirs []string
		errs []error
	)
	// Only a symbolic link can lead back into a directory already
	// searched, so only link targets need remembering.
	visited := map[string]bool{}

	var walk func(dir string)
	walk = func(dir string) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			errs = append(errs, &DiscoverError{dir, unwrapPath(err)})
			return
		}
		for _, e := range entries {
			if e.Name() == "registration.php" && !e.IsDir() {
				dirs = append(dirs, dir)
				return
			}
		}

		for _, e := range entries {
			if skipDir(e.Name()) || e.Name() == "_files" {
				continue
			}
			child := filepath.Join(dir, e.Name())
			if e.Type()&fs.ModeSymlink != 0 {
				real, err := filepath.EvalSymlinks(child)
				if err != nil {
					errs = append(errs, &DiscoverError{child, unwrapPath(err)})
					continue
				}
				fi, err := os.Stat(real)
				if err != nil || !fi.IsDir() || visited[real] {
					continue
				}
				visited[real] = true
			} else if !e.IsDir() {
				continue
			}
			walk(child)
		}
	}

	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &DiscoverError{p, unwrapPath(err)})
			continue
		}
		if !fi.IsDir() {
			errs = append(errs, &DiscoverError{p, errNotDir})
			continue
		}
		if real, err := filepath.EvalSymlinks(p); err == nil {
			visited[real] = true
		}
		before := len(dirs)
		walk(p)
		if len(dirs) == before {
			errs = append(errs, &DiscoverError{p, ErrNoComponent})
		}
	}

	return dedupe(dirs), errs
}

// dedupe sorts dirs and keeps one path to each directory, the shortest,
// when links made the walk find it more than once.
func dedupe(dirs []string) []string {
	slices.SortFunc(dirs, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
	})
	seen := map[string]bool{}
	var out []string
	for _, d := range dirs {
		real, err := filepath.EvalSymlinks(d)
		if err != nil {
			real = d
		}
		if !seen[real] {
			seen[real] = true
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return out
}
