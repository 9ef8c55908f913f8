package main

import (
	"fmt"
	"io"
	"os"
)

// A printer sends a command's output to the right stream at the right
// verbosity: results to stdout, everything else to stderr.
type printer struct {
	stdout   io.Writer
	stderr   io.Writer
	quiet    bool // -q: errors only
	verbose  int  // -v count
	color    bool // stderr takes ANSI colors
	terminal bool // stderr is a terminal, so progress may be shown
}

// Resultf prints a result to stdout.
func (p *printer) Resultf(format string, args ...any) {
	fmt.Fprintf(p.stdout, format, args...)
}

// Errorf prints an error line to stderr, whatever the verbosity.
func (p *printer) Errorf(format string, args ...any) {
	fmt.Fprintf(p.stderr, "modpack: "+format+"\n", args...)
}

// Printf prints a diagnostic line to stderr unless -q is set.
func (p *printer) Printf(format string, args ...any) {
	if !p.quiet {
		fmt.Fprintf(p.stderr, "modpack: "+format+"\n", args...)
	}
}

// Verbosef prints a diagnostic line to stderr when -v was given at
// least level times.
func (p *printer) Verbosef(level int, format string, args ...any) {
	if p.verbose >= level {
		fmt.Fprintf(p.stderr, "modpack: "+format+"\n", args...)
	}
}

// Progress shows "done of total" on one line that rewrites itself. It
// shows nothing unless stderr is a terminal, so logs in CI stay clean.
func (p *printer) Progress(what string, done, total int) {
	if !p.terminal || p.quiet {
		return
	}
	if done == total {
		fmt.Fprint(p.stderr, "\r\033[K")
		return
	}
	fmt.Fprintf(p.stderr, "\rmodpack: %s %d/%d", what, done, total)
}

// paint wraps s in the ANSI color code when colors are on.
func (p *printer) paint(code, s string) string {
	if !p.color {
		return s
	}
	return "\033[" + code + "m" + s + "\033[0m"
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
