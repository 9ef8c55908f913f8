package composer_test

import (
	"testing"

	"github.com/modpack/modpack/composer"
)

func TestSetVersion(t *testing.T) {
	tests := []struct{ in, want string }{
		// An existing version is replaced where it stands, whatever its type.
		{
			"{\n  \"name\": \"acme/x\",\n  \"version\": \"1.0.0\",\n  \"type\": \"magento2-module\"\n}\n",
			"{\n  \"name\": \"acme/x\",\n  \"version\": \"2.0.0\",\n  \"type\": \"magento2-module\"\n}\n",
		},
		{`{"version":"1.0.\"0","name":"acme/x"}`, `{"version":"2.0.0","name":"acme/x"}`},
		{`{"name":"acme/x","version":1}`, `{"name":"acme/x","version":"2.0.0"}`},
		// A new key goes last, indented like the others.
		{
			"{\n\t\"name\": \"acme/x\",\n\t\"require\": {\n\t\t\"php\": \"^8.1\"\n\t}\n}\n",
			"{\n\t\"name\": \"acme/x\",\n\t\"require\": {\n\t\t\"php\": \"^8.1\"\n\t},\n\t\"version\": \"2.0.0\"\n}\n",
		},
		{`{"name": "acme/x"}`, `{"name": "acme/x", "version": "2.0.0"}`},
		{"{}\n", "{\n    \"version\": \"2.0.0\"\n}\n"},
	}
	for _, tt := range tests {
		got, err := composer.SetVersion([]byte(tt.in), "2.0.0")
		if err != nil || string(got) != tt.want {
			t.Errorf("SetVersion(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if _, err := composer.Decode(got); err != nil {
			t.Errorf("SetVersion(%q) wrote invalid JSON: %v", tt.in, err)
		}
	}

	for _, bad := range []string{`[1]`, `{"a": 1,}`, ``} {
		if _, err := composer.SetVersion([]byte(bad), "2.0.0"); err == nil {
			t.Errorf("SetVersion(%q) succeeded, want an error", bad)
		}
	}
}
