package magento

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
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
// component for others, and skips vendor/, node_modules/ and dot
// directories unless a path names them itself. It follows symbolic links
// to directories, once each. Paths it cannot search are returned as
// errors beside the components it did find.
func Discover(paths ...string) ([]string, []error) {
	var (
		dirs []string
		errs []error
	)
	visited := map[string]bool{}

	var walk func(dir string, top bool)
	walk = func(dir string, top bool) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			errs = append(errs, &DiscoverError{dir, unwrapPath(err)})
			return
		}
		if visited[real] {
			return // a link back to a directory already searched
		}
		visited[real] = true

		if fi, err := os.Stat(filepath.Join(dir, "registration.php")); err == nil && !fi.IsDir() {
			dirs = append(dirs, dir)
			return
		}

		entries, err := os.ReadDir(dir)
		if err != nil {
			if !top || !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, &DiscoverError{dir, unwrapPath(err)})
			}
			return
		}
		for _, e := range entries {
			if skipDir(e.Name()) {
				continue
			}
			child := filepath.Join(dir, e.Name())
			if e.Type()&fs.ModeSymlink != 0 {
				fi, err := os.Stat(child)
				if err != nil {
					errs = append(errs, &DiscoverError{child, unwrapPath(err)})
					continue
				}
				if !fi.IsDir() {
					continue
				}
			} else if !e.IsDir() {
				continue
			}
			walk(child, false)
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
		before := len(dirs)
		walk(p, true)
		if len(dirs) == before {
			errs = append(errs, &DiscoverError{p, ErrNoComponent})
		}
	}

	sort.Strings(dirs)
	return dirs, errs
}
