package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/modpack/modpack/magento"
	"github.com/spf13/cobra"
)

type validateFlags struct {
	format      string
	strict      bool
	magentoRoot string
	listRules   bool
}

func newValidateCmd(p *printer) *cobra.Command {
	var f validateFlags
	cmd := &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Check the structure of Magento components",
		Long: `Validate finds every Magento component under each PATH (default ".") —
each directory holding a registration.php, skipping vendor/, node_modules/
and dot directories unless a PATH names them — and checks its
registration.php, etc/module.xml, etc/acl.xml, integration files,
composer.json, theme.xml and language.xml.

Every finding names its file, line and column, a severity, the fix and a
stable rule code; --list-rules prints them all. ACL resources are checked
against the component's own etc/acl.xml and the ACL tree of Magento Open
Source 2.4.6-p1, or of the installation that --magento-root names.

Output formats:
  text    one finding per line on standard error, then a summary
  json    one document with every finding on standard output
  github  GitHub Actions annotations on standard output
` + exitStatusHelp + `
Validate exits 1 when a component has an error, or a warning with --strict.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.listRules {
				return listRules(p, f.format)
			}
			return runValidate(cmd.Context(), p, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "text", "output format: text, json or github")
	fl.BoolVar(&f.strict, "strict", false, "fail on warnings too")
	fl.StringVar(&f.magentoRoot, "magento-root", "", "resolve ACL resources against the Magento installation in `DIR`")
	fl.BoolVar(&f.listRules, "list-rules", false, "print every rule with its code and severity, and exit")
	return cmd
}

func runValidate(ctx context.Context, p *printer, f validateFlags, paths []string) error {
	if err := checkFormat(f.format); err != nil {
		return err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}

	// Resolve resources against a real installation when one is named.
	tree, err := installedACL(p, f.magentoRoot)
	if err != nil {
		return err
	}
	opts := magento.Options{ACL: tree}

	dirs, problems := magento.Discover(paths...)
	reports, err := checkAll(ctx, p, dirs, opts)
	if err != nil {
		return err
	}

	return report(p, f.format, f.strict, reports, problems)
}

// installedACL returns the ACL tree of the Magento installation at
// root, or nil, meaning the embedded one, when root is "". Files of the
// installation that cannot be read are a warning.
func installedACL(p *printer, root string) (*magento.ACLTree, error) {
	if root == "" {
		return nil, nil
	}
	tree, err := magento.LoadACL(root)
	if tree == nil || tree.Len() == 0 {
		return nil, err
	}
	if err != nil {
		p.Printf("warning: %v", err)
	}
	p.Verbosef(1, "read %d ACL resources from %s", tree.Len(), root)
	return tree, nil
}

func checkFormat(format string) error {
	switch format {
	case "text", "json", "github":
		return nil
	}
	return usagef("unknown --format %q; use text, json or github", format)
}

// report prints the findings of reports and the paths that could not be
// searched in format, with a summary, and returns errReported when they
// should fail the command.
func report(p *printer, format string, strict bool, reports []*magento.Report, problems []error) error {
	sum := summarize(reports, problems)
	return reportWith(p, format, strict, reports, problems, sum)
}

// reportWith is report with the summary given.
func reportWith(
	p *printer,
	format string,
	strict bool,
	reports []*magento.Report,
	problems []error,
	sum summary,
) error {
	switch format {
	case "json":
		if err := writeJSONReport(p, reports, problems, sum); err != nil {
			return err
		}
	case "github":
		writeAnnotations(p, reports, problems)
	default:
		writeText(p, reports, problems)
	}
	if format != "json" {
		p.Printf("%s", sum)
	}

	if sum.Errors > 0 || len(problems) > 0 || (strict && sum.Warnings > 0) {
		return errReported
	}
	return nil
}

// checkAll checks the components in dirs, several at a time, and returns
// their reports in the order of dirs.
func checkAll(
	ctx context.Context,
	p *printer,
	dirs []string,
	opts magento.Options,
) ([]*magento.Report, error) {
	reports := make([]*magento.Report, len(dirs))
	next := make(chan int)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				reports[i] = magento.Check(dirs[i], opts)
				mu.Lock()
				done++
				p.Progress("checking", done, len(dirs))
				mu.Unlock()
			}
		})
	}
	for i := range dirs {
		select {
		case next <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	for _, r := range reports {
		c := r.Component
		p.Verbosef(1, "checked %s %s in %s: %s, %s",
			c.Type, orUnknown(c.Name), c.Dir,
			plural(r.Count(magento.Error), "error"), plural(r.Count(magento.Warning), "warning"))
	}
	return reports, nil
}

func orUnknown(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	return name
}

// A summary counts what validate found.
type summary struct {
	noun, command string // what was checked, and the command to run again

	Components int `json:"components"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Notes      int `json:"notes"`
	Unsearched int `json:"unsearched_paths"`
}

func summarize(reports []*magento.Report, problems []error) summary {
	s := summary{noun: "component", command: "validate", Components: len(reports), Unsearched: len(problems)}
	for _, r := range reports {
		s.Errors += r.Count(magento.Error)
		s.Warnings += r.Count(magento.Warning)
		s.Notes += r.Count(magento.Info)
	}
	return s
}

func (s summary) String() string {
	msg := fmt.Sprintf("%s checked: %s, %s, %s",
		plural(s.Components, s.noun), plural(s.Errors, "error"),
		plural(s.Warnings, "warning"), plural(s.Notes, "note"))
	if s.Unsearched > 0 {
		msg += fmt.Sprintf("; %s could not be searched", plural(s.Unsearched, "path"))
	}
	if s.Errors > 0 {
		msg += "; fix the errors above and run " + s.command + " again"
	}
	return msg
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// findingPath returns the path of the file f is about, as the user can
// open it from the current directory.
func findingPath(r *magento.Report, f magento.Finding) string {
	if f.File == "" {
		return r.Component.Dir
	}
	return filepath.Join(r.Component.Dir, filepath.FromSlash(f.File))
}

func writeText(p *printer, reports []*magento.Report, problems []error) {
	for _, err := range problems {
		fmt.Fprintf(p.stderr, "%v\n", err)
	}
	for _, r := range reports {
		for _, f := range r.Findings {
			if p.quiet && f.Severity != magento.Error {
				continue
			}
			loc := findingPath(r, f)
			if f.Pos.IsValid() {
				loc += ":" + f.Pos.String()
			}
			msg := f.Message
			if f.Fix != "" {
				msg += "; " + f.Fix
			}
			fmt.Fprintf(p.stderr, "%s: %s: %s [%s]\n", loc, p.severity(f.Severity), msg, f.Code)
		}
	}
}

func (p *printer) severity(s magento.Severity) string {
	switch s {
	case magento.Error:
		return p.paint("1;31", s.String())
	case magento.Warning:
		return p.paint("33", s.String())
	}
	return p.paint("36", s.String())
}

// jsonFinding is one finding in --format json output.
type jsonFinding struct {
	File     string           `json:"file"`
	Line     int              `json:"line,omitempty"`
	Column   int              `json:"column,omitempty"`
	Severity magento.Severity `json:"severity"`
	Code     string           `json:"code"`
	Message  string           `json:"message"`
	Fix      string           `json:"fix,omitempty"`
}

type jsonComponent struct {
	Path     string        `json:"path"`
	Type     string        `json:"type"`
	Name     string        `json:"name"`
	Findings []jsonFinding `json:"findings"`
}

func writeJSONReport(p *printer, reports []*magento.Report, problems []error, sum summary) error {
	doc := struct {
		Components []jsonComponent `json:"components"`
		Unsearched []string        `json:"unsearched"`
		Summary    summary         `json:"summary"`
	}{Components: []jsonComponent{}, Unsearched: []string{}, Summary: sum}

	for _, err := range problems {
		doc.Unsearched = append(doc.Unsearched, err.Error())
	}
	for _, r := range reports {
		jc := jsonComponent{
			Path:     r.Component.Dir,
			Type:     string(r.Component.Type),
			Name:     r.Component.Name,
			Findings: []jsonFinding{},
		}
		for _, f := range r.Findings {
			jc.Findings = append(jc.Findings, jsonFinding{
				File: findingPath(r, f), Line: f.Pos.Line, Column: f.Pos.Col,
				Severity: f.Severity, Code: f.Code, Message: f.Message, Fix: f.Fix,
			})
		}
		doc.Components = append(doc.Components, jc)
	}

	enc := json.NewEncoder(p.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// writeAnnotations prints findings as GitHub Actions workflow commands,
// which the runner turns into annotations on the pull request.
func writeAnnotations(p *printer, reports []*magento.Report, problems []error) {
	for _, err := range problems {
		p.Resultf("::error title=modpack::%s\n", escapeData(err.Error()))
	}
	for _, r := range reports {
		for _, f := range r.Findings {
			level := map[magento.Severity]string{
				magento.Error: "error", magento.Warning: "warning", magento.Info: "notice",
			}[f.Severity]
			props := "file=" + escapeProperty(filepath.ToSlash(findingPath(r, f)))
			if f.Pos.IsValid() {
				props += fmt.Sprintf(",line=%d,col=%d", f.Pos.Line, f.Pos.Col)
			}
			props += ",title=" + escapeProperty("modpack "+f.Code)
			msg := f.Message
			if f.Fix != "" {
				msg += "; " + f.Fix
			}
			p.Resultf("::%s %s::%s\n", level, props, escapeData(msg))
		}
	}
}

// escapeData and escapeProperty encode text the way the Actions runner
// decodes it in a workflow command's message and properties.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer(
		"%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C",
	).Replace(s)
}

func listRules(p *printer, format string) error {
	rules := magento.Rules()
	if format == "json" {
		type jsonRule struct {
			Code     string           `json:"code"`
			Severity magento.Severity `json:"severity"`
			Summary  string           `json:"summary"`
		}
		out := make([]jsonRule, len(rules))
		for i, r := range rules {
			out[i] = jsonRule{r.Code, r.Severity, r.Summary}
		}
		enc := json.NewEncoder(p.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, r := range rules {
		p.Resultf("%-30s %-8s %s\n", r.Code, r.Severity, r.Summary)
	}
	return nil
}
