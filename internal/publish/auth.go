package publish

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Credentials authenticate uploads to a registry: a username and
// password for basic authentication, or a token sent as a bearer token.
// Private Packagist takes its API key as Username and its secret as
// Password. Credentials print redacted, so that a stray %v or %#v in a
// log line cannot leak them.
type Credentials struct {
	Username, Password, Token string
}

// String returns a description of c that names its kind and hides
// its values.
func (c Credentials) String() string {
	switch {
	case c.Username != "" || c.Password != "":
		return "basic credentials (redacted)"
	case c.Token != "":
		return "bearer token (redacted)"
	}
	return "no credentials"
}

// GoString is String, so that %#v redacts too.
func (c Credentials) GoString() string { return c.String() }

// authFile is the part of Composer's auth.json that modpack reads.
type authFile struct {
	HTTPBasic map[string]struct {
		Username string `json:"username"`
		Password string `json:"password"`
	} `json:"http-basic"`
	Bearer map[string]string `json:"bearer"`
}

// LookupCredentials returns the credentials for the host of rawURL,
// from the first of these sources that has some:
//
//   - the environment variables MODPACK_USERNAME and MODPACK_PASSWORD,
//     or MODPACK_TOKEN;
//   - COMPOSER_AUTH, which holds an auth.json document;
//   - auth.json in Composer's home directory: COMPOSER_HOME, or else
//     $XDG_CONFIG_HOME/composer (default ~/.config/composer) if that
//     directory exists, or else ~/.composer (%APPDATA%\Composer on
//     Windows);
//   - auth.json in workDir.
//
// In auth.json, LookupCredentials reads the "http-basic" section
// ({host: {username, password}}) and then the "bearer" section
// ({host: token}). A host key with a port matches only that port; one
// without matches any port. getenv reads the environment; finding
// nothing is not an error, and the zero Credentials are returned.
func LookupCredentials(
	rawURL string,
	getenv func(string) string,
	workDir string,
) (Credentials, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return Credentials{}, fmt.Errorf("registry URL %q has no host", rawURL)
	}

	// The environment wins, as it does for Composer.
	c := Credentials{
		Username: getenv("MODPACK_USERNAME"),
		Password: getenv("MODPACK_PASSWORD"),
		Token:    getenv("MODPACK_TOKEN"),
	}
	if (c.Username == "") != (c.Password == "") {
		return Credentials{}, errors.New("MODPACK_USERNAME and " +
			"MODPACK_PASSWORD must be set together")
	}
	if c != (Credentials{}) {
		return c, nil
	}

	// Then COMPOSER_AUTH, then the auth.json files.
	if doc := getenv("COMPOSER_AUTH"); doc != "" {
		c, ok, err := lookupAuth("COMPOSER_AUTH", []byte(doc), u)
		if ok || err != nil {
			return c, err
		}
	}
	files := []string{filepath.Join(workDir, "auth.json")}
	if home := composerHome(getenv); home != "" {
		files = append([]string{filepath.Join(home, "auth.json")}, files...)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Credentials{}, err
		}
		c, ok, err := lookupAuth(name, data, u)
		if ok || err != nil {
			return c, err
		}
	}
	return Credentials{}, nil
}

// lookupAuth returns the credentials that the auth.json document data,
// from source, holds for u's host, and reports whether it has some.
func lookupAuth(source string, data []byte, u *url.URL) (Credentials, bool, error) {
	var f authFile
	if err := json.Unmarshal(data, &f); err != nil {
		return Credentials{}, false, fmt.Errorf("parse %s: %v", source, err)
	}

	// The exact host and port first, then the host alone.
	keys := []string{strings.ToLower(u.Host)}
	if h := strings.ToLower(u.Hostname()); h != keys[0] {
		keys = append(keys, h)
	}
	for _, key := range keys {
		for host, b := range f.HTTPBasic {
			if strings.ToLower(host) == key {
				return Credentials{Username: b.Username, Password: b.Password}, true, nil
			}
		}
		for host, token := range f.Bearer {
			if strings.ToLower(host) == key {
				return Credentials{Token: token}, true, nil
			}
		}
	}
	return Credentials{}, false, nil
}

// composerHome returns Composer's home directory as Composer resolves
// it, or "" if there is no home directory.
func composerHome(getenv func(string) string) string {
	if dir := getenv("COMPOSER_HOME"); dir != "" {
		return dir
	}
	if runtime.GOOS == "windows" {
		if dir := getenv("APPDATA"); dir != "" {
			return filepath.Join(dir, "Composer")
		}
		return ""
	}
	home := getenv("HOME")
	if home == "" {
		return ""
	}

	// Composer takes the XDG directory only if it exists, so that
	// an older ~/.composer keeps working.
	config := getenv("XDG_CONFIG_HOME")
	if config == "" {
		config = filepath.Join(home, ".config")
	}
	xdg := filepath.Join(config, "composer")
	if fi, err := os.Stat(xdg); err == nil && fi.IsDir() {
		return xdg
	}
	return filepath.Join(home, ".composer")
}
