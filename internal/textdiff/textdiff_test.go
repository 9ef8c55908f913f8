package textdiff

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	a := "{\n    \"name\": \"acme/x\",\n    \"require\": {\n        \"magento/framework\": \"103.0.*\"\n    }\n}\n"
	b := "{\n    \"name\": \"acme/x\",\n    \"require\": {\n        \"magento/framework\": \"103.0.*\",\n        \"magento/module-sales\": \"103.0.*\"\n    }\n}\n"
	want := `--- a/composer.json
+++ b/composer.json
@@ -1,6 +1,7 @@
 {
     "name": "acme/x",
     "require": {
-        "magento/framework": "103.0.*"
+        "magento/framework": "103.0.*",
+        "magento/module-sales": "103.0.*"
     }
 }
`
	if got := Unified("a/composer.json", "b/composer.json", a, b); got != want {
		t.Errorf("Unified =\n%s\nwant\n%s", got, want)
	}
	if got := Unified("a", "b", a, a); got != "" {
		t.Errorf("Unified of equal texts = %q, want \"\"", got)
	}
}

// TestUnifiedApplies checks that patch accepts the diffs, turning each
// old text into the new one, including separate hunks, texts that
// start or end empty, and changes at either end.
func TestUnifiedApplies(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch is not installed")
	}
	var long []string
	for i := range 40 {
		long = append(long, strings.Repeat("x", i%7))
	}
	base := strings.Join(long, "\n") + "\n"
	edited := strings.Replace(base, "\nxxx\n", "\nchanged\n", 1)
	edited = strings.Replace(edited, "\nxxxxx\n", "\n", 3) + "tail\n"

	tests := []struct{ a, b string }{
		{base, edited},
		{"", "one\ntwo\n"},
		{"one\ntwo\n", ""},
		{"a\nb\nc\n", "z\nb\nc\n"},
		{"a\nb\nc\n", "a\nb\nd\n"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		file := filepath.Join(dir, "f")
		if err := os.WriteFile(file, []byte(tt.a), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(patch, "-s", "-u", file)
		cmd.Stdin = strings.NewReader(Unified("f", "f", tt.a, tt.b))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("patch: %v\n%s\ndiff:\n%s", err, out, Unified("f", "f", tt.a, tt.b))
		}
		got, _ := os.ReadFile(file)
		if string(got) != tt.b {
			t.Errorf("patched text = %q, want %q", got, tt.b)
		}
	}
}
