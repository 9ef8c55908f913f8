package main

import (
	"context"

	"github.com/modpack/modpack/magento"
	"github.com/modpack/modpack/pack"
	"github.com/spf13/cobra"
)

type verifyFlags struct {
	format      string
	strict      bool
	marketplace bool
	magentoRoot string
}

func newVerifyCmd(p *printer) *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "verify ZIP...",
		Short: "Check component zips built by anyone",
		Long: `Verify checks each ZIP as the Marketplace's package validator does, adds
the documented rules that validator misses (the 30 MB limit, forbidden
dependencies, themes, language packs and metapackages, litter such as
__MACOSX), checks that every path is safe to extract (no absolute or ..
paths, links, case collisions or zip bombs), and runs validate's checks
on the component inside, without extracting anything to disk.

Output formats and exit status are those of validate: text findings on
standard error, --format json or github on standard output.
` + exitStatusHelp + `
Verify exits 1 when a zip has an error, or a warning with --strict.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("verify needs at least one zip")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd.Context(), p, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "text", "output format: text, json or github")
	fl.BoolVar(&f.strict, "strict", false, "fail on warnings too")
	fl.BoolVar(&f.marketplace, "marketplace", false, "treat the 30 MB limit as an error")
	fl.StringVar(&f.magentoRoot, "magento-root", "", "resolve ACL resources against the Magento installation in `DIR`")
	return cmd
}

func runVerify(ctx context.Context, p *printer, f verifyFlags, zips []string) error {
	if err := checkFormat(f.format); err != nil {
		return err
	}
	opts := pack.VerifyOptions{Marketplace: f.marketplace}
	if f.magentoRoot != "" {
		tree, err := magento.LoadACL(f.magentoRoot)
		if tree == nil || tree.Len() == 0 {
			return err
		}
		opts.ACL = tree
	}

	var (
		reports  []*magento.Report
		problems []error
	)
	for _, z := range zips {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := pack.Verify(ctx, z, opts)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		reports = append(reports, r)
	}
	sum := summarize(reports, problems)
	sum.noun, sum.command = "zip", "verify"
	return reportWith(p, f.format, f.strict, reports, problems, sum)
}
