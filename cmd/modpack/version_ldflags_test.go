package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReleaseLdflags builds modpack the way .goreleaser.yml does, with
// version, commit and date injected, and checks that --version reports
// them.
func TestReleaseLdflags(t *testing.T) {
	config, err := os.ReadFile("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"-X main.version={{.Version}}",
		"-X main.commit={{.Commit}}",
		"-X main.date={{.CommitDate}}",
	} {
		if !strings.Contains(string(config), want) {
			t.Errorf(".goreleaser.yml does not set %s", want)
		}
	}

	bin := filepath.Join(t.TempDir(), "modpack")
	ldflags := "-X main.version=1.4.0 -X main.commit=0123456789abcdef0123 " +
		"-X main.date=2026-12-03T10:00:00Z"
	build := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := "modpack 1.4.0 (0123456789ab, 2026-12-03T10:00:00Z)\n"
	if string(out) != want {
		t.Errorf("modpack --version = %q, want %q", out, want)
	}
}
