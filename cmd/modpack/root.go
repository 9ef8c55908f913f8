package main

import (
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// globalFlags are the flags every command takes.
type globalFlags struct {
	quiet   bool
	verbose int
	noColor bool
}

const exitStatusHelp = `
Exit status:
  0    success
  1    problems were found, or the operation failed
  2    the command line is wrong
  130  interrupted`

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	var g globalFlags
	p := &printer{stdout: stdout, stderr: stderr}

	root := &cobra.Command{
		Use:   "modpack",
		Short: "Take a Magento 2 component from source to a published Composer package",
		Long: `modpack checks, packages and publishes Magento 2 modules, themes and
language packs.

Results (a version, a path, --format json) go to standard output;
problems, progress and notes go to standard error.
` + exitStatusHelp,
		Version:       versionString(),
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if g.quiet && g.verbose > 0 {
				return usagef("-q and -v cannot be used together")
			}
			p.quiet, p.verbose = g.quiet, g.verbose
			p.color = !g.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(stderr)
			// CI runners may attach a terminal; their logs still want no
			// progress bars.
			p.terminal = isTerminal(stderr) && os.Getenv("CI") == ""
			return nil
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("modpack {{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &usageError{err}
	})

	pf := root.PersistentFlags()
	pf.BoolVarP(&g.quiet, "quiet", "q", false, "print only errors")
	pf.CountVarP(&g.verbose, "verbose", "v", "say more; repeat for more detail")
	pf.BoolVar(&g.noColor, "no-color", false, "never color the output (also set by NO_COLOR)")

	root.AddCommand(
		newValidateCmd(p),
		newComposerCmd(p),
		newVersionCmd(p),
		newBumpCmd(p),
		newBuildCmd(p),
		newVerifyCmd(p),
		newPublishCmd(p),
		newRepoCmd(p),
		newServeCmd(p),
		newReleaseCmd(p),
		newInitCmd(p),
		newConfigCmd(p),
		newNewCmd(p),
		newIntegrationCmd(p),
	)
	return root
}

// versionString describes this build: the version, commit and date set
// at release time, or what the Go toolchain recorded.
func versionString() string {
	v, c, d := version, commit, date
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && c == "":
				c = s.Value
			case s.Key == "vcs.time" && d == "":
				d = s.Value
			}
		}
	}
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	s := v
	if c != "" {
		s += " (" + shortCommit(c)
		if d != "" {
			s += ", " + d
		}
		s += ")"
	}
	return s
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// maxArgs returns a check that cmd has at most n arguments, whose
// failure is a usage error.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("%s takes at most %d arguments, got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}
