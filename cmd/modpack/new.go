package main

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/modpack/modpack/internal/scaffold"
	"github.com/modpack/modpack/internal/textdist"
	"github.com/modpack/modpack/magento"
	"github.com/spf13/cobra"
)

type newFlags struct {
	catalogFlags
	sequence    []string
	description string
	license     string
	force       bool
}

func (f *newFlags) add(cmd *cobra.Command) {
	f.catalogFlags.add(cmd)
	fl := cmd.Flags()
	fl.StringSliceVar(&f.sequence, "sequence", nil, "load after these `modules` (repeatable, or comma-separated)")
	fl.StringVar(&f.description, "description", "", "the module's description")
	fl.StringVar(&f.license, "license", "proprietary", "licence for composer.json")
	fl.BoolVar(&f.force, "force", false, "replace files that exist")
}

func newNewCmd(p *printer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "new",
		Short: "Write a new module or integration",
		Long: `New writes the skeleton of a Magento module, or of a module that
declares an integration, and prints the directory it wrote.`,
	}
	cmd.AddCommand(newNewModuleCmd(p), newNewIntegrationCmd(p))
	return cmd
}

func newNewModuleCmd(p *printer) *cobra.Command {
	var f newFlags
	cmd := &cobra.Command{
		Use:   "module Vendor_Module [DIR]",
		Short: "Write a new module",
		Long: `Module writes registration.php, etc/module.xml (loading after the
--sequence modules), composer.json as modpack composer init writes it and
a README.md into DIR (default Vendor/Module), and prints DIR. The module
passes modpack validate with no finding.

Existing files are left alone, and nothing is written, unless --force.
` + exitStatusHelp,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runNew(p, f, nil, args)
		},
	}
	f.add(cmd)
	return cmd
}

type newIntegrationFlags struct {
	newFlags
	in        scaffold.Integration
	resources []string
	routes    []string
	format    string
}

func newNewIntegrationCmd(p *printer) *cobra.Command {
	var f newIntegrationFlags
	cmd := &cobra.Command{
		Use:   "integration Vendor_Module [DIR]",
		Short: "Write a new module that declares an integration",
		Long: `Integration writes a module as modpack new module does, with an
integration that Magento creates on setup:upgrade.

The integration holds each --resource and the resources each --route
needs ("GET /V1/orders/:id"), every one with all its ancestors, in the
order of Magento's resource tree, so that Magento denies none of them for
a missing parent. Resources are resolved against the ACL of Magento Open
Source 2.4.6-p1, or of the installation --magento-root names; unknown ids
are errors that list the closest known ones.

--format legacy (the default) writes etc/integration/api.xml and
config.xml, as the Magento guide to creating an integration shows, and the
data patch that registers them; --format consolidated writes
etc/integration.xml.
` + exitStatusHelp,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runNewIntegration(p, f, args)
		},
	}
	f.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.in.Name, "name", "", "the integration's name (default: the module name with a space)")
	fl.StringVar(&f.in.Email, "email", "", "the integration's contact email (required)")
	fl.StringVar(&f.in.EndpointURL, "endpoint-url", "", "where Magento posts the OAuth credentials")
	fl.StringVar(&f.in.IdentityURL, "identity-link-url", "", "where the merchant logs in to the service")
	fl.StringArrayVar(&f.resources, "resource", nil, "grant this ACL resource `ID` (repeatable)")
	fl.StringArrayVar(&f.routes, "route", nil, `grant what this web API route needs, such as "GET /V1/orders/:id" (repeatable)`)
	fl.StringVar(&f.format, "format", "legacy", "file format: legacy or consolidated")
	return cmd
}

func runNewIntegration(p *printer, f newIntegrationFlags, args []string) error {
	switch f.format {
	case "legacy":
	case "consolidated":
		f.in.Consolidated = true
	default:
		return usagef("unknown --format %q; use legacy or consolidated", f.format)
	}
	if f.in.Email == "" {
		return usagef("--email is required: Magento will not create an integration without one")
	}

	routes, err := knownRoutes(p, f.magentoRoot)
	if err != nil {
		return err
	}
	needed, err := routeResources(p, routes, f.routes)
	if err != nil {
		return err
	}
	f.in.Resources = append(f.resources, needed...)
	return runNew(p, f.newFlags, &f.in, args)
}

func runNew(p *printer, f newFlags, in *scaffold.Integration, args []string) error {
	module := args[0]
	dir := filepath.FromSlash(strings.Replace(module, "_", "/", 1))
	if len(args) > 1 {
		dir = args[1]
	}

	cat, err := f.catalog()
	if err != nil {
		return err
	}
	tree, err := installedACL(p, f.magentoRoot)
	if err != nil {
		return err
	}
	files, err := scaffold.Files(scaffold.Options{
		Module:      module,
		Sequence:    f.sequence,
		Description: f.description,
		License:     f.license,
		Catalog:     cat,
		ACL:         tree,
		Integration: in,
	})
	if err != nil {
		return err
	}

	names, err := scaffold.Write(dir, files, f.force)
	if err != nil {
		return err
	}
	for _, name := range names {
		p.Verbosef(1, "wrote %s", filepath.Join(dir, filepath.FromSlash(name)))
	}
	p.Resultf("%s\n", dir)
	return nil
}

// knownRoutes returns the web API routes of Magento Open Source
// 2.4.6-p1, or of the installation at root when root is set.
func knownRoutes(p *printer, root string) ([]magento.Route, error) {
	if root == "" {
		return magento.MagentoRoutes(), nil
	}
	routes, err := magento.LoadRoutes(root)
	if len(routes) == 0 {
		if err == nil {
			err = fmt.Errorf("%s declares no web API routes", root)
		}
		return nil, err
	}
	if err != nil {
		p.Printf("warning: %v", err)
	}
	return routes, nil
}

// routeResources returns the ACL resources that the routes specs name
// need. A spec that names no known route, or a route no integration can
// call, is an error.
func routeResources(p *printer, routes []magento.Route, specs []string) ([]string, error) {
	var out []string
	for _, spec := range specs {
		if _, _, ok := magento.SplitRoute(spec); !ok {
			return nil, usagef("route %q is not of the form \"GET /V1/orders/:id\"", spec)
		}
		rt, ok := findRoute(routes, spec)
		if !ok {
			msg := fmt.Sprintf("no web API route %s is known", spec)
			if near := closestRoutes(routes, spec, 3); len(near) > 0 {
				msg += "; closest known: " + strings.Join(near, ", ")
			}
			return nil, fmt.Errorf("%s", msg)
		}
		for _, ref := range rt.Resources {
			switch ref {
			case "anonymous":
				p.Printf("note: %s is open to everyone and needs no resource", rt)
			case "self":
				return nil, fmt.Errorf("%s takes a customer's own token; "+
					"no integration can be granted it", rt)
			default:
				out = append(out, ref)
			}
		}
	}
	return out, nil
}

func findRoute(routes []magento.Route, spec string) (magento.Route, bool) {
	for _, rt := range routes {
		if rt.Matches(spec) {
			return rt, true
		}
	}
	return magento.Route{}, false
}

// closestRoutes returns up to n known routes that look most like spec.
func closestRoutes(routes []magento.Route, spec string, n int) []string {
	method, url, _ := magento.SplitRoute(spec)
	type scored struct {
		route string
		dist  int
	}
	var all []scored
	for _, rt := range routes {
		d := textdist.Levenshtein(strings.ToLower(url), strings.ToLower(rt.URL))
		if rt.Method != method {
			d += 2
		}
		if d <= max(4, len(url)/3) {
			all = append(all, scored{rt.String(), d})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].dist < all[j].dist })
	var out []string
	for i := 0; i < len(all) && len(out) < n; i++ {
		if i == 0 || all[i].route != all[i-1].route {
			out = append(out, all[i].route)
		}
	}
	return out
}
