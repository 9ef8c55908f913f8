package pack

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// A File is a file that goes into a package.
type File struct {
	Path string      // slash-separated, relative to the component
	Mode fs.FileMode // 0644, or 0755 for executables
	Size int64
	src  string // the file on disk, links resolved
}

// A Skip is a file or directory left out of a package, and why.
type Skip struct {
	Path   string
	Reason string
}

// A FileError is a file that stops the build.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// A Selection is what Select decided for every file of a component:
// each one is in exactly one of Files, Skipped and Problems.
type Selection struct {
	Files    []File // in byte order of Path
	Skipped  []Skip
	Problems []FileError
}

// Err returns nil when s has no problems, and otherwise an error that
// lists them all, one per line.
func (s *Selection) Err() error {
	var errs []error
	for i := range s.Problems {
		errs = append(errs, &s.Problems[i])
	}
	return errors.Join(errs...)
}

// SelectOptions controls Select.
type SelectOptions struct {
	// Excludes are the component's export-ignore and archive.exclude
	// rules; the zero value excludes nothing.
	Excludes Excludes

	// AllowSecrets lists paths that look like secrets but may ship.
	AllowSecrets []string

	// Skip lists absolute paths to leave out, such as the directory the
	// package is written to.
	Skip []string
}

// Reasons a file is left out by default.
var (
	vcsDirs = []string{".git", ".svn", ".hg", "_svn", "CVS", "_darcs", ".arch-params",
		".monotone", ".bzr"}
	editorDirs = []string{".idea", ".vscode", ".vs", ".fleet", ".nova", ".settings"}
	ciDirs     = []string{".github", ".gitlab", ".circleci", ".buildkite"}
	ciFiles    = []string{".gitlab-ci.yml", ".travis.yml", "bitbucket-pipelines.yml",
		"azure-pipelines.yml", "Jenkinsfile", ".drone.yml", "appveyor.yml", ".scrutinizer.yml"}
	junkFiles = []string{".DS_Store", "Thumbs.db", "desktop.ini", ".project", ".buildpath"}
)

// defaultSkip returns why a file or directory named name is left out of
// every package, or "".
func defaultSkip(name string, isDir bool) string {
	switch {
	case isDir && slices.Contains(vcsDirs, name):
		return "version-control data"
	case isDir && slices.Contains(editorDirs, name):
		return "editor settings"
	case isDir && slices.Contains(ciDirs, name):
		return "CI configuration"
	case isDir && (name == "node_modules" || name == "vendor"):
		return "dependencies, which Composer installs"
	case name == "__MACOSX":
		return "macOS archive litter"
	case !isDir && name == "composer.lock":
		return "a lock file, which only a root project uses"
	case !isDir && slices.Contains(ciFiles, name):
		return "CI configuration"
	case !isDir && name == ".modpack.yml":
		return "modpack's settings for the repository"
	case !isDir && slices.Contains(junkFiles, name):
		return "operating-system or IDE litter"
	case !isDir && (strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, "~")):
		return "an editor's backup file"
	}
	return ""
}

// secretNames match files that hold credentials.
var secretNames = regexp.MustCompile(
	`^(auth\.json|\.env|\.env\..+|.+\.pem|.+\.key|id_(rsa|dsa|ecdsa|ed25519)(_.*)?)$`)

// tokenPattern finds a credential in an .npmrc or .pypirc.
var tokenPattern = regexp.MustCompile(`(?i)(_authtoken|_auth|password|token)\s*[=:]\s*\S`)

// secret returns why the file at rel, on disk at src, is a secret, or "".
func secret(rel, src string) string {
	name := path.Base(rel)
	switch {
	case rel == "app/etc/env.php":
		return "Magento's env.php holds database and encryption keys"
	case strings.HasPrefix(name, "id_") && strings.HasSuffix(name, ".pub"):
		return ""
	case secretNames.MatchString(name):
		return "files named " + name + " hold credentials"
	case name == ".npmrc" || name == ".pypirc":
		data, err := os.ReadFile(src)
		if err == nil && tokenPattern.Match(data) {
			return name + " holds a token"
		}
	}
	return ""
}

// Select decides which files of the component in dir go into its
// package, by the rules in the package documentation. It returns an
// error only when dir itself cannot be read.
func Select(dir string, opts SelectOptions) (*Selection, error) {
	if err := opts.Excludes.Err(); err != nil {
		return nil, fmt.Errorf("%w; Composer refuses such rules too, so correct them", err)
	}
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if root, err = filepath.EvalSymlinks(root); err != nil {
		return nil, err
	}

	w := &selector{root: root, opts: opts, sel: &Selection{}, folded: map[string]string{}}
	if err := w.walk(root, "", map[string]bool{root: true}); err != nil {
		return nil, err
	}
	slices.SortFunc(w.sel.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return w.sel, nil
}

type selector struct {
	root   string
	opts   SelectOptions
	sel    *Selection
	folded map[string]string // lower-cased path to the path first seen
}

func (w *selector) skip(rel, reason string) {
	w.sel.Skipped = append(w.sel.Skipped, Skip{Path: rel, Reason: reason})
}

func (w *selector) fail(rel string, format string, args ...any) {
	w.sel.Problems = append(w.sel.Problems, FileError{Path: rel, Err: fmt.Errorf(format, args...)})
}

// walk selects from the directory dir, whose path in the package is
// prefix. onPath holds the real directories above, to stop link loops.
func (w *selector) walk(dir, prefix string, onPath map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if prefix == "" {
			return err
		}
		w.fail(prefix, "cannot read the directory: %v", unwrap(err))
		return nil
	}

	for _, e := range entries {
		name := e.Name()
		rel := path.Join(prefix, name)
		src := filepath.Join(dir, name)

		if !utf8.ValidString(name) {
			w.fail(strings.ToValidUTF8(rel, "\uFFFD"),
				"the name is not UTF-8; rename it, as zip tools and Composer mangle it")
			continue
		}
		if slices.Contains(w.opts.Skip, src) {
			w.skip(rel, "the output directory")
			continue
		}

		// Resolve links, which may only point inside the component.
		info, err := e.Info()
		if err != nil {
			w.fail(rel, "%v", unwrap(err))
			continue
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			real, err := filepath.EvalSymlinks(src)
			if err != nil {
				w.fail(rel, "the symbolic link leads nowhere: %v", unwrap(err))
				continue
			}
			if real != w.root && !strings.HasPrefix(real, w.root+string(filepath.Separator)) {
				w.fail(rel, "the symbolic link points outside the component, to %s; "+
					"copy the file in instead", real)
				continue
			}
			if info, err = os.Stat(real); err != nil {
				w.fail(rel, "%v", unwrap(err))
				continue
			}
			src = real
		}

		if reason := defaultSkip(name, info.IsDir()); reason != "" {
			w.skip(rel, reason)
			continue
		}

		// Composer judges every file by itself: a later "!" rule can take
		// back a file of an excluded directory. Without such rules, an
		// excluded directory can be passed over whole.
		if excluded, p := w.opts.Excludes.Excluded(rel); excluded &&
			(!info.IsDir() || !w.opts.Excludes.reincludes()) {
			w.skip(rel, fmt.Sprintf("excluded by %q in %s", p.Rule, p.Source))
			continue
		}

		switch {
		case info.IsDir():
			if onPath[src] {
				w.fail(rel, "the symbolic link makes a loop")
				continue
			}
			onPath[src] = true
			if err := w.walk(src, rel, onPath); err != nil {
				return err
			}
			delete(onPath, src)
		case !info.Mode().IsRegular():
			w.fail(rel, "not a regular file; a package holds only files")
		default:
			w.add(rel, src, info)
		}
	}
	return nil
}

// add selects one regular file, refusing secrets and case collisions.
func (w *selector) add(rel, src string, info fs.FileInfo) {
	if why := secret(rel, src); why != "" && !slices.Contains(w.opts.AllowSecrets, rel) {
		w.fail(rel, "refusing to package a secret (%s); delete it, exclude it, "+
			"or allow it in the build configuration", why)
		return
	}
	key := strings.ToLower(rel)
	if other, ok := w.folded[key]; ok {
		w.fail(rel, "differs from %s only in case; they would overwrite each other "+
			"on macOS and Windows", other)
		return
	}
	w.folded[key] = rel

	mode := fs.FileMode(0o644)
	if info.Mode()&0o100 != 0 {
		mode = 0o755
	}
	w.sel.Files = append(w.sel.Files, File{Path: rel, Mode: mode, Size: info.Size(), src: src})
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
