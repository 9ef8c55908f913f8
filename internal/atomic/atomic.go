// Package atomic replaces files so that a reader, or a crash, sees either
// the old content or the new one, never a half-written file.
package atomic

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes data to name through a temporary file in the same
// directory, synced and then renamed over name. An existing file keeps
// its permissions; a new one gets perm. On error, name is untouched and
// the temporary file is removed.
func WriteFile(name string, data []byte, perm fs.FileMode) (err error) {
	if fi, err := os.Stat(name); err == nil {
		perm = fi.Mode().Perm()
	}

	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name()) // best effort: the error that matters is err
		}
	}()

	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	// Sync before the rename, so that a crash cannot leave the new name
	// pointing at data still in flight.
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return err
	}

	// Sync the directory so the rename itself survives a crash.
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: some file systems cannot sync directories
		d.Close()
	}
	return nil
}
