package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// startServe runs the serve command with args until the returned stop
// is called, and returns the URL it printed. It runs newServeCmd rather
// than run, because run cancels its context only on a signal; stop
// cancels the context instead, as SIGINT would, and returns the
// command's error. stdout goes through a pipe, so the URL is read as
// soon as it is printed.
func startServe(t *testing.T, p *printer, args ...string) (url string, stop func() error) {
	t.Helper()
	pr, pw := io.Pipe()
	p.stdout = pw
	cmd := newServeCmd(p)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetArgs(args)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		err := cmd.ExecuteContext(ctx)
		pw.Close()
		done <- err
	}()
	stop = func() error {
		cancel()
		return <-done
	}

	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed no URL: %v", stop())
	}
	return strings.TrimSuffix(line, "\n"), stop
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	const index = `{"packages":[]}`
	if err := os.WriteFile(filepath.Join(dir, "packages.json"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, verbose := range []int{0, 1} {
		var stderr bytes.Buffer
		p := &printer{stderr: &stderr, verbose: verbose}
		url, stop := startServe(t, p, dir, "--addr", "127.0.0.1:0")
		if !regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*/$`).MatchString(url) {
			t.Errorf("serve printed %q, want http://127.0.0.1:PORT/", url)
		}

		// Fetch the index, then interrupt.
		body, status := get(t, url+"packages.json")
		if status != 200 || body != index {
			t.Errorf("GET packages.json = %d %q, want 200 %q", status, body, index)
		}
		if _, status := get(t, url+"p2/acme/none.json"); status != 404 {
			t.Errorf("GET of a missing file = %d, want 404", status)
		}
		err := stop()
		if code := exitCode(err, io.Discard); code != exitInterrupted {
			t.Errorf("interrupted serve: %v, exit %d, want %d", err, code, exitInterrupted)
		}

		// One line per request with -v, nothing without.
		got := stderr.String()
		if verbose == 0 && got != "" {
			t.Errorf("serve without -v wrote to stderr:\n%s", got)
		}
		logLine := regexp.MustCompile(`(?m)^modpack: \S+ GET /packages.json 200 15B `)
		if verbose == 1 && (!logLine.MatchString(got) || strings.Count(got, "\n") != 2) {
			t.Errorf("serve -v stderr:\n%s\nwant a line per request", got)
		}
		if verbose == 1 {
			t.Logf("serve -v said:\n%s", got)
		}
	}
}

func get(t *testing.T, url string) (string, int) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body), res.StatusCode
}

func TestServeErrors(t *testing.T) {
	dir := t.TempDir()
	badAuth := filepath.Join(dir, "htpasswd")
	if err := os.WriteFile(badAuth, []byte("bob:secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "takes one DIR, got 0"},
		{[]string{dir, dir}, exitUsage, "takes one DIR, got 2"},
		{[]string{filepath.Join(dir, "none")}, exitFailure, "no such file"},
		{[]string{dir, "--addr", "127.0.0.1:x"}, exitFailure, `listen on "127.0.0.1:x": `},
		{[]string{dir, "--auth-file", badAuth}, exitFailure, badAuth + `:1: user "bob"`},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		cmd := newServeCmd(&printer{stdout: &stdout, stderr: &stderr})
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		cmd.SetArgs(tt.args)
		code := exitCode(cmd.Execute(), &stderr)
		if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("serve %q = %d:\n%s\nwant %d and %q", tt.args, code, &stderr, tt.code, tt.want)
		}
		if stdout.Len() != 0 {
			t.Errorf("serve %q wrote to stdout: %q", tt.args, &stdout)
		}
	}
}

// TestServeNetwork checks that serving on every interface prints a URL
// with localhost and warns when no authentication is required.
func TestServeNetwork(t *testing.T) {
	var stderr bytes.Buffer
	url, stop := startServe(t, &printer{stderr: &stderr}, t.TempDir(), "--addr", ":0")
	err := stop()
	if !regexp.MustCompile(`^http://localhost:[1-9][0-9]*/$`).MatchString(url) {
		t.Errorf("serve --addr :0 printed %q, want http://localhost:PORT/", url)
	}
	if !strings.Contains(stderr.String(), "warning: serving") {
		t.Errorf("serve --addr :0 gave no warning; stderr:\n%s", &stderr)
	}
	if code := exitCode(err, io.Discard); code != exitInterrupted {
		t.Errorf("interrupted serve: %v, exit %d, want %d", err, code, exitInterrupted)
	}
}
