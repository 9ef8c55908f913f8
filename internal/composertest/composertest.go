// Package composertest drives the real Composer client in tests: it
// writes a small Magento module and builds its zips, writes projects
// that take packages from one repository, and runs composer in them.
package composertest

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modpack/modpack/pack"
)

// Fixture is the name of the module that WriteFixture writes.
const Fixture = "acme/module-fixture"

// timeout bounds one composer run.
const timeout = 2 * time.Minute

// Need skips the test when composer or php is missing, unless it runs
// in CI (the environment variable CI is set), where they must be
// installed and the test fails instead.
func Need(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"composer", "php"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing; scripts/test installs it", tool)
			}
			t.Skipf("%s is missing; scripts/test installs it", tool)
		}
	}
}

// NewProject writes a project that takes packages from the Composer
// repository at repoURL alone, with packagist.org disabled and
// secure-http off, and returns its directory.
func NewProject(t testing.TB, repoURL string) string {
	t.Helper()
	dir := t.TempDir()
	manifest := `{"repositories":[{"type":"composer","url":"` + repoURL +
		`"},{"packagist.org":false}],"config":{"secure-http":false}}`
	name := filepath.Join(dir, "composer.json")
	if err := os.WriteFile(name, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Run runs composer with args in the project directory, and fails the
// test with composer's output if it fails. See TryRun for env.
func Run(t testing.TB, project string, env []string, args ...string) {
	t.Helper()
	if out, err := TryRun(t, project, env, args...); err != nil {
		t.Fatalf("composer %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TryRun runs composer with args in the project directory and returns
// its combined output. Composer gets a new COMPOSER_HOME, runs as root
// if need be, and skips the audit; env adds to or overrides that
// environment.
func TryRun(t testing.TB, project string, env []string, args ...string) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()

	cmd := exec.CommandContext(ctx, "composer", args...)
	cmd.Dir = project
	home := t.TempDir()
	cmd.Env = append(os.Environ(),
		"COMPOSER_HOME="+home,
		"COMPOSER_CACHE_DIR="+filepath.Join(home, "cache"),
		"COMPOSER_ALLOW_SUPERUSER=1",
		"COMPOSER_NO_AUDIT=1")
	cmd.Env = append(cmd.Env, env...)
	return cmd.CombinedOutput()
}

// InstalledVersion returns the version of pkg that Composer installed
// in project, and fails the test if pkg is not installed.
func InstalledVersion(t testing.TB, project, pkg string) string {
	t.Helper()
	name := filepath.Join(project, "vendor/composer/installed.json")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var installed struct {
		Packages []struct{ Name, Version string }
	}
	if err := json.Unmarshal(data, &installed); err != nil {
		t.Fatal(err)
	}

	for _, p := range installed.Packages {
		if p.Name == pkg {
			return p.Version
		}
	}
	t.Fatalf("%s is not installed: %s", pkg, data)
	return ""
}

// CheckAutoload reports an error unless Composer's autoload_files.php
// in project names file, a path below vendor such as
// "acme/module-fixture/registration.php".
func CheckAutoload(t testing.TB, project, file string) {
	t.Helper()
	name := filepath.Join(project, "vendor/composer/autoload_files.php")
	autoload, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(autoload, []byte(file)) {
		t.Errorf("autoload_files.php lacks %s:\n%s", file, autoload)
	}
}

// WriteFixture writes the module Fixture with the description, and
// returns its directory. Its composer.json requires nothing, so that
// Composer needs no Magento packages to install it.
func WriteFixture(t testing.TB, description string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"composer.json": `{
    "name": "` + Fixture + `",
    "description": "` + description + `",
    "type": "magento2-module",
    "license": "MIT",
    "autoload": {
        "files": ["registration.php"],
        "psr-4": {"Acme\\Fixture\\": ""}
    }
}
`,
		"registration.php": "<?php\n" +
			"\\Magento\\Framework\\Component\\ComponentRegistrar::register(\n" +
			"    \\Magento\\Framework\\Component\\ComponentRegistrar::MODULE,\n" +
			"    'Acme_Fixture',\n    __DIR__\n);\n",
		"etc/module.xml": `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
			`xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">
    <module name="Acme_Fixture"/>
</config>
`,
	}

	for name, data := range files {
		name = filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// BuildZip builds the module in dir at version with pack.Build, and
// returns the zip's path.
func BuildZip(t testing.TB, dir, version string) string {
	t.Helper()
	return Build(t, dir, pack.Options{Version: version})
}

// Build builds the module in dir with opts, and returns the zip's
// path.
func Build(t testing.TB, dir string, opts pack.Options) string {
	t.Helper()
	res, _, err := pack.Build(t.Context(), dir, t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res.Path
}

// SHA1 returns the SHA-1 checksum of file, in hex.
func SHA1(t testing.TB, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(data)
	return hex.EncodeToString(sum[:])
}
