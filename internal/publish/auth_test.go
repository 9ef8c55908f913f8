package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLookupCredentials(t *testing.T) {
	const (
		basicJSON  = `{"http-basic":{"repo.example":{"username":"u1","password":"p1"}}}`
		bearerJSON = `{"bearer":{"repo.example":"t1"}}`
		portJSON   = `{"http-basic":{"repo.example:8443":{"username":"u2","password":"p2"},` +
			`"repo.example":{"username":"u3","password":"p3"}}}`
		otherJSON = `{"http-basic":{"other.example":{"username":"x","password":"y"}}}`
	)
	tests := []struct {
		name    string
		url     string
		env     map[string]string
		home    string // auth.json in COMPOSER_HOME
		xdg     string // auth.json in ~/.config/composer
		dotDir  string // auth.json in ~/.composer
		work    string // ./auth.json
		want    Credentials
		wantErr string
	}{
		{name: "none", url: "https://repo.example"},
		{name: "env basic", url: "https://repo.example",
			env:  map[string]string{"MODPACK_USERNAME": "eu", "MODPACK_PASSWORD": "ep"},
			work: basicJSON, want: Credentials{Username: "eu", Password: "ep"}},
		{name: "env token", url: "https://repo.example",
			env:  map[string]string{"MODPACK_TOKEN": "et", "COMPOSER_AUTH": basicJSON},
			want: Credentials{Token: "et"}},
		{name: "env half", url: "https://repo.example",
			env:     map[string]string{"MODPACK_USERNAME": "eu"},
			wantErr: "MODPACK_USERNAME and MODPACK_PASSWORD must be set together"},
		{name: "composer auth", url: "https://repo.example/x",
			env:  map[string]string{"COMPOSER_AUTH": bearerJSON},
			home: basicJSON, want: Credentials{Token: "t1"}},
		{name: "composer auth other host", url: "https://repo.example",
			env:  map[string]string{"COMPOSER_AUTH": otherJSON},
			home: bearerJSON, want: Credentials{Token: "t1"}},
		{name: "composer auth malformed", url: "https://repo.example",
			env:     map[string]string{"COMPOSER_AUTH": `{"http-basic":`},
			wantErr: "parse COMPOSER_AUTH: "},
		{name: "composer home", url: "https://repo.example",
			home: basicJSON, work: bearerJSON,
			want: Credentials{Username: "u1", Password: "p1"}},
		{name: "xdg before dot dir", url: "https://repo.example",
			xdg: bearerJSON, dotDir: basicJSON, want: Credentials{Token: "t1"}},
		{name: "dot dir", url: "https://repo.example",
			dotDir: basicJSON, want: Credentials{Username: "u1", Password: "p1"}},
		{name: "work dir", url: "https://repo.example",
			home: otherJSON, work: bearerJSON, want: Credentials{Token: "t1"}},
		{name: "work dir malformed", url: "https://repo.example",
			work: "{", wantErr: "auth.json: unexpected end of JSON input"},
		{name: "port exact", url: "https://repo.example:8443/api",
			work: portJSON, want: Credentials{Username: "u2", Password: "p2"}},
		{name: "port any", url: "https://Repo.Example:9000/api",
			work: portJSON, want: Credentials{Username: "u3", Password: "p3"}},
		{name: "port key needs that port", url: "https://repo.example:9000",
			work: `{"bearer":{"repo.example:8443":"t"}}`},
		{name: "bad url", url: "repo.example", wantErr: `registry URL "repo.example" has no host`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			home := filepath.Join(dir, "home")
			work := filepath.Join(dir, "work")
			write := func(name, data string) {
				if data == "" {
					return
				}
				os.MkdirAll(filepath.Dir(name), 0o755)
				if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			env := map[string]string{"HOME": home}
			if tt.home != "" {
				env["COMPOSER_HOME"] = filepath.Join(dir, "composer")
				write(filepath.Join(dir, "composer", "auth.json"), tt.home)
			}
			write(filepath.Join(home, ".config", "composer", "auth.json"), tt.xdg)
			write(filepath.Join(home, ".composer", "auth.json"), tt.dotDir)
			write(filepath.Join(work, "auth.json"), tt.work)
			for k, v := range tt.env {
				env[k] = v
			}

			got, err := LookupCredentials(tt.url, func(k string) string { return env[k] }, work)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("LookupCredentials(%q) error = %v, want %q", tt.url, err, tt.wantErr)
				}
			case err != nil:
				t.Errorf("LookupCredentials(%q) error = %v", tt.url, err)
			case got != tt.want:
				// Plain fields: the %v of Credentials redacts them.
				t.Errorf("LookupCredentials(%q) = %q/%q/%q, want %q/%q/%q", tt.url,
					got.Username, got.Password, got.Token,
					tt.want.Username, tt.want.Password, tt.want.Token)
			}
		})
	}
}

func TestCredentialsRedacted(t *testing.T) {
	tests := []struct {
		c    Credentials
		want string
	}{
		{Credentials{Username: "alice", Password: "s3cret-pw"}, "basic credentials (redacted)"},
		{Credentials{Token: "s3cret-tok"}, "bearer token (redacted)"},
		{Credentials{}, "no credentials"},
	}
	for _, tt := range tests {
		c := tt.c
		out := fmt.Sprintf("%v %+v %#v %s %q", c, c, c, c, c) +
			fmt.Sprintf("%v %+v %#v", &c, &c, []Credentials{c})
		for _, secret := range []string{"alice", "s3cret"} {
			if strings.Contains(out, secret) {
				t.Errorf("formatting %s leaks %q: %s", tt.want, secret, out)
			}
		}
		if got := c.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
