// Mkcorpus writes the benchmark corpus of package corpus into a
// directory, for benchmarks that run outside go test.
//
// Usage:
//
//	mkcorpus [-packages N] [-content] DIR
//
// It prints what it wrote on standard output.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/modpack/modpack/internal/corpus"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("mkcorpus", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var opts corpus.Options
	fl.IntVar(&opts.Packages, "packages", 0,
		"write the first `N` package directories only (0: all)")
	fl.BoolVar(&opts.Content, "content", false,
		"fill files with text instead of leaving them sparse")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: mkcorpus [-packages N] [-content] DIR")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return 2
	}

	dir := fl.Arg(0)
	stats, err := corpus.Write(dir, opts)
	if err != nil {
		fmt.Fprintf(stderr, "mkcorpus: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %d files, %d bytes, %d components\n",
		dir, stats.Files, stats.Bytes, stats.Components)
	return 0
}
