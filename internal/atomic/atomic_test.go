package atomic

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "composer.json")

	if err := WriteFile(name, []byte("one\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(name, []byte("two\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile(name)
	if err != nil || string(data) != "two\n" {
		t.Errorf("ReadFile = %q, %v; want %q", data, err, "two\n")
	}
	fi, _ := os.Stat(name)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want the existing file's 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the file", len(entries))
	}
}

// TestWriteFileFailureKeepsOld checks that a failed write leaves the old
// file as it was and no temporary file behind.
func TestWriteFileFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "composer.json")
	if err := os.WriteFile(name, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// A directory cannot be renamed over by a file.
	target := filepath.Join(dir, "sub")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(target, []byte("new\n"), 0o644); err == nil {
		t.Fatal("WriteFile over a non-empty directory succeeded")
	}

	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("directory holds %d entries, want the file and sub only", len(entries))
	}
	if data, _ := os.ReadFile(name); string(data) != "old\n" {
		t.Errorf("old file = %q, want it unchanged", data)
	}
}
