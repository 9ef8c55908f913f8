// Command modpack takes a Magento 2 component from its source tree to a
// published, installable Composer package.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Set by the release build through -ldflags -X.
var (
	version = ""
	commit  = ""
	date    = ""
)

// Exit codes, documented in the root command's help.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return exitCode(err, stderr)
}

// exitCode prints err, unless it was reported already, and maps it to
// the exit code that scripts act on.
func exitCode(err error, stderr io.Writer) int {
	var usage *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "modpack: interrupted")
		return exitInterrupted
	case errors.As(err, &usage), isCobraUsageError(err):
		fmt.Fprintf(stderr, "modpack: %v\nRun 'modpack --help' for usage.\n", err)
		return exitUsage
	case errors.Is(err, errReported):
		return exitFailure
	}
	fmt.Fprintf(stderr, "modpack: %v\n", err)
	return exitFailure
}

// A usageError is a command line that modpack cannot act on.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// errReported is returned by a command that has printed its problems
// and only needs the process to fail.
var errReported = errors.New("problems reported")

// isCobraUsageError reports whether err is cobra's own complaint about
// the command line. Cobra has no error type for an unknown command, only
// this message.
func isCobraUsageError(err error) bool {
	return strings.HasPrefix(err.Error(), "unknown command ")
}
