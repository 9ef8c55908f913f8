package magento_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/modpack/modpack/magento"
)

func TestDiscover(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{
		"app/code/Acme/Shop/registration.php",
		"app/code/Acme/Shop/Test/Fixture/registration.php", // inside a component
		"app/code/Acme/Feed/registration.php",
		"app/design/frontend/Acme/bright/registration.php",
		"vendor/acme/module-x/registration.php",
		"node_modules/x/registration.php",
		".git/x/registration.php",
		"app/code/Acme/NotYet/etc/module.xml",
	} {
		write(t, root, rel, "<?php\n")
	}
	link := filepath.Join(root, "app", "code", "Acme", "Loop")
	if err := os.Symlink(filepath.Join(root, "app"), link); err != nil {
		t.Fatal(err)
	}

	dirs, errs := magento.Discover(root)
	if len(errs) != 0 {
		t.Errorf("Discover errors = %v, want none", errs)
	}
	want := []string{
		filepath.Join(root, "app/code/Acme/Feed"),
		filepath.Join(root, "app/code/Acme/Shop"),
		filepath.Join(root, "app/design/frontend/Acme/bright"),
	}
	if !slices.Equal(dirs, want) {
		t.Errorf("Discover(root) = %q, want %q", dirs, want)
	}

	// A path that names a skipped directory is searched all the same.
	vendor := filepath.Join(root, "vendor")
	dirs, _ = magento.Discover(vendor)
	if want := []string{filepath.Join(vendor, "acme/module-x")}; !slices.Equal(dirs, want) {
		t.Errorf("Discover(vendor) = %q, want %q", dirs, want)
	}
}

func TestDiscoverErrors(t *testing.T) {
	root := t.TempDir()
	write(t, root, "empty/README.md", "nothing here")
	write(t, root, "file.txt", "")
	if err := os.Symlink("self", filepath.Join(root, "empty", "self")); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		path string
		want error
	}{
		{filepath.Join(root, "missing"), os.ErrNotExist},
		{filepath.Join(root, "empty"), magento.ErrNoComponent},
		{filepath.Join(root, "file.txt"), nil},
	}
	for _, tt := range tests {
		dirs, errs := magento.Discover(tt.path)
		if len(dirs) != 0 {
			t.Errorf("Discover(%q) found %q, want nothing", tt.path, dirs)
		}
		if len(errs) == 0 {
			t.Errorf("Discover(%q) reported no problem", tt.path)
			continue
		}
		var de *magento.DiscoverError
		if !errors.As(errs[len(errs)-1], &de) {
			t.Errorf("Discover(%q) error %v is not a *DiscoverError", tt.path, errs)
		}
		if tt.want != nil && !errors.Is(errs[len(errs)-1], tt.want) {
			t.Errorf("Discover(%q) = %v, want %v", tt.path, errs, tt.want)
		}
	}
}
