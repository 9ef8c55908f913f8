package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateSampleWithoutParent takes the shipped sample integration,
// drops one parent resource from its api.xml, and expects validate to
// fail naming that parent.
func TestValidateSampleWithoutParent(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../testdata/sample/order-export")); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	if code := run([]string{"validate", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("validate of the sample = %d, want 0; stderr:\n%s", code, &stderr)
	}

	api := filepath.Join(dir, "etc", "integration", "api.xml")
	data, err := os.ReadFile(api)
	if err != nil {
		t.Fatal(err)
	}
	const parent = `<resource name="Magento_Sales::sales_operation"/>`
	var kept []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) != parent {
			kept = append(kept, line)
		}
	}
	if len(kept) == len(strings.Split(string(data), "\n")) {
		t.Fatalf("the sample's api.xml does not list %s", parent)
	}
	if err := os.WriteFile(api, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}

	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"validate", dir}, &stdout, &stderr); code != 1 {
		t.Errorf("validate without the parent = %d, want 1", code)
	}
	want := `error: parent resource "Magento_Sales::sales_operation" is not listed`
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr = %q, want it to contain %q", &stderr, want)
	}
}
