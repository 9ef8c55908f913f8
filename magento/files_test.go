package magento_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/modpack/modpack/internal/txtartest"
	"github.com/modpack/modpack/magento"
	"github.com/rogpeppe/go-internal/txtar"
)

// TestCheckFileProblems covers what a txtar archive cannot hold: files
// that are directories, links in a loop, pipes, huge files and names
// that are not UTF-8. Each must become a finding, never a hang or a
// panic.
func TestCheckFileProblems(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/check/ok_module.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := txtartest.Extract(t, ar, "want")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	must(os.MkdirAll(filepath.Join(dir, "etc", "acl.xml"), 0o755))
	must(os.Symlink("config.xml", filepath.Join(dir, "etc", "integration.xml")))
	must(os.MkdirAll(filepath.Join(dir, "etc", "integration"), 0o755))
	must(os.Symlink("config.xml", filepath.Join(dir, "etc", "integration", "config.xml")))
	must(syscall.Mkfifo(filepath.Join(dir, "theme.xml"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "Model"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "Model", "caf\xe9.php"), []byte("<?php\n"), 0o644))

	big, err := os.Create(filepath.Join(dir, "etc", "integration", "api.xml"))
	must(err)
	must(big.Truncate(5 << 20))
	must(big.Close())

	done := make(chan *magento.Report)
	go func() { done <- magento.Check(dir, magento.Options{}) }()
	var r *magento.Report
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Check did not return; it must not block on special files")
	}

	want := map[string]string{
		"etc/acl.xml":                "file-unreadable: is a directory, not a regular file",
		"etc/integration.xml":        "file-unreadable: symbolic link to \"config.xml\" leads nowhere",
		"etc/integration/config.xml": "file-unreadable: symbolic link loop",
		"etc/integration/api.xml":    "file-too-large: file is 5242880 bytes",
		"theme.xml":                  "file-unreadable: is a named pipe",
		"Model/caf\uFFFD.php":        "file-name-encoding: file name is not valid UTF-8",
	}
	got := map[string]string{}
	for _, f := range r.Findings {
		got[f.File] = f.Code + ": " + f.Message
	}
	for file, w := range want {
		if !strings.HasPrefix(got[file], w) {
			t.Errorf("finding for %s = %q, want prefix %q", file, got[file], w)
		}
	}
}
