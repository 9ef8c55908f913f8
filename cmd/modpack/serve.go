package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/modpack/modpack/internal/serve"
	"github.com/spf13/cobra"
)

type serveFlags struct {
	addr     string
	authFile string
}

func newServeCmd(p *printer) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve DIR",
		Short: "Serve a static Composer repository over HTTP",
		Long: `Serve serves the Composer repository in DIR (packages.json, p2/ and
dist/) over HTTP, for local testing and small teams, until interrupted.

It answers GET and HEAD for regular files only: no directory listings,
no dot files, nothing outside DIR. Responses carry ETag and
Last-Modified, so Composer's cache revalidates cheaply. With
--auth-file, every request needs HTTP basic authentication against an
htpasswd file whose hashes are bcrypt (htpasswd -B) or {SHA}.

Serve prints the repository's URL on standard output; with
--addr 127.0.0.1:0 it picks a free port and prints it. With -v it logs
one line per request on standard error.
` + exitStatusHelp,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("%s takes one DIR, got %d arguments", cmd.CommandPath(), len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context(), p, f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`; port 0 picks a free one")
	fl.StringVar(&f.authFile, "auth-file", "", "require basic authentication against the htpasswd `FILE`")
	return cmd
}

// shutdownTimeout bounds how long an interrupted server waits for
// requests in flight, such as a large zip download.
const shutdownTimeout = 5 * time.Second

func runServe(ctx context.Context, p *printer, f serveFlags, dir string) error {
	h, err := serve.Handler(dir, serve.Options{AuthFile: f.authFile})
	if err != nil {
		return err
	}

	// Listen before printing the URL, so that it names the real port
	// and accepts connections as soon as it is printed.
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", f.addr)
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return fmt.Errorf("listen on %q: %w", f.addr, opErr.Err)
	}
	if err != nil {
		return err
	}
	addr := ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	p.Resultf("http://%s/\n", net.JoinHostPort(host, fmt.Sprint(addr.Port)))
	if f.authFile == "" && !addr.IP.IsLoopback() {
		p.Printf("warning: serving %s to the network without --auth-file", dir)
	}

	// Serve until the server fails or ctx is cancelled, which stops
	// the server gracefully.
	logw := &syncWriter{w: io.Discard}
	if p.verbose > 0 {
		logw.w = p.stderr
		h = logRequests(h, logw)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(logw, "modpack: ", 0),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close() // best effort
	}
	return ctx.Err()
}

// logRequests returns a handler that calls h and then writes one line
// per request to w: method, path, status, bytes and duration.
func logRequests(h http.Handler, w io.Writer) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: rw, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		fmt.Fprintf(w, "modpack: %s %s %s %d %dB %v\n", r.RemoteAddr, r.Method,
			r.URL.RequestURI(), sw.status, sw.n, time.Since(start).Round(time.Microsecond))
	})
}

// A statusWriter records the status and body size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

// A syncWriter serializes writes from concurrent requests, so log lines
// never interleave.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *syncWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(b)
}
