package publish

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/modpack/modpack/internal/atomic"
)

// A store holds a repository's files, named by slash-separated paths
// relative to the repository's root. A Repo keeps every guarantee on
// top of it, given that each write replaces a whole file at once and
// that lock excludes every other publisher.
type store interface {
	// name returns how messages name the file at rel.
	name(rel string) string

	// create makes the repository's storage, if need be.
	create(ctx context.Context) error

	// lock waits for the repository's publisher lock and returns the
	// function that releases it.
	lock(ctx context.Context) (unlock func(), err error)

	// read returns the file at rel; a missing one is fs.ErrNotExist.
	read(ctx context.Context, rel string) ([]byte, error)

	// exists reports whether there is a file at rel.
	exists(ctx context.Context, rel string) (bool, error)

	// write replaces the file at rel with data, durably, before it
	// returns, so that the order of writes is the order a crash keeps.
	write(ctx context.Context, rel string, data []byte) error

	// remove removes the file at rel.
	remove(ctx context.Context, rel string) error

	// list returns the paths of the files under the folder rel,
	// at any depth; none if there is no such folder.
	list(ctx context.Context, rel string) ([]string, error)
}

// A dirStore is a store in a directory.
type dirStore struct {
	dir string // absolute
}

func (s *dirStore) name(rel string) string {
	return filepath.Join(s.dir, filepath.FromSlash(rel))
}

func (s *dirStore) create(context.Context) error {
	return os.MkdirAll(s.dir, 0o755)
}

func (s *dirStore) lock(ctx context.Context) (func(), error) {
	f, err := lock(ctx, s.name(".modpack.lock"))
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}

func (s *dirStore) read(_ context.Context, rel string) ([]byte, error) {
	return os.ReadFile(s.name(rel))
}

func (s *dirStore) exists(_ context.Context, rel string) (bool, error) {
	_, err := os.Stat(s.name(rel))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// write writes to a temporary file, synced before and after its
// rename into place.
func (s *dirStore) write(_ context.Context, rel string, data []byte) error {
	name := s.name(rel)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return atomic.WriteFile(name, data, 0o644)
}

func (s *dirStore) remove(_ context.Context, rel string) error {
	return os.Remove(s.name(rel))
}

func (s *dirStore) list(ctx context.Context, rel string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(s.name(rel), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := filepath.Rel(s.dir, p)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(r))
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return files, err
}
