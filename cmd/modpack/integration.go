package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/modpack/modpack/internal/atomic"
	"github.com/modpack/modpack/internal/integration"
	"github.com/modpack/modpack/magento"
	"github.com/spf13/cobra"
)

func newIntegrationCmd(p *printer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "integration",
		Short: "Edit an integration's resources and show the routes they open",
	}
	cmd.AddCommand(newIntegrationResourcesCmd(p), newIntegrationRoutesCmd(p))
	return cmd
}

type resourcesFlags struct {
	integration string
	magentoRoot string
}

func newIntegrationResourcesCmd(p *printer) *cobra.Command {
	var f resourcesFlags
	cmd := &cobra.Command{
		Use:   "resources",
		Short: "Add resources to an integration, or remove them",
		Long: `Resources edits the resource list of the module's integration in
etc/integration.xml, or else in etc/integration/api.xml, in place: only
the <resource> lines it adds or removes change, so formatting and
comments stay, and a remove undoes an add byte for byte.`,
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.integration, "integration", "", "the integration's `NAME`, when the file declares several")
	pf.StringVar(&f.magentoRoot, "magento-root", "", "resolve ACL resources against the Magento installation in `DIR`")

	add := &cobra.Command{
		Use:   "add ID... [DIR]",
		Short: "Grant resources, with every ancestor they need",
		Long: `Add lists each resource ID, and every ancestor it has in the ACL tree,
in the integration of the module in DIR (default "."). New entries go
where Magento's tree order puts them; ids listed already are left alone,
and unknown ids are errors that list the closest known ones.
` + exitStatusHelp,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runResources(p, f, args, true)
		},
	}
	remove := &cobra.Command{
		Use:   "remove ID... [DIR]",
		Short: "Revoke resources that no listed resource needs",
		Long: `Remove deletes each resource ID from the integration of the module in
DIR (default "."). It refuses, changing nothing, to remove a resource
that is the parent of another listed one, since Magento would deny the
child without it.
` + exitStatusHelp,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runResources(p, f, args, false)
		},
	}
	cmd.AddCommand(add, remove)
	return cmd
}

// splitIDs separates resource ids from the optional directory that ends
// the arguments: ids hold "::", directories do not.
func splitIDs(args []string) (ids []string, dir string, err error) {
	dir = "."
	if last := args[len(args)-1]; !strings.Contains(last, "::") {
		dir, args = last, args[:len(args)-1]
	}
	if len(args) == 0 {
		return nil, "", usagef("name at least one resource id, such as Magento_Sales::sales")
	}
	for _, id := range args {
		if !strings.Contains(id, "::") {
			return nil, "", usagef("%q is not a resource id such as Magento_Sales::sales", id)
		}
	}
	return args, dir, nil
}

func runResources(p *printer, f resourcesFlags, args []string, add bool) error {
	ids, dir, err := splitIDs(args)
	if err != nil {
		return err
	}
	c, tree, err := loadIntegrationModule(p, dir, f.magentoRoot)
	if err != nil {
		return err
	}

	// Magento takes an integration's resources from integration.xml over
	// api.xml, so that is the file to edit when both declare it.
	var file string
	for _, rel := range []string{"etc/integration.xml", "etc/integration/api.xml"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil {
			file = filepath.Join(dir, filepath.FromSlash(rel))
			if f.integration == "" || declares(c, rel, f.integration) {
				break
			}
		}
	}
	if file == "" {
		return fmt.Errorf("%s has neither etc/integration.xml nor etc/integration/api.xml; "+
			"write one with modpack new integration", dir)
	}

	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	doc, err := integration.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %v; run modpack validate for the details", file, err)
	}
	if add {
		added, err := doc.Add(f.integration, ids, tree)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if len(added) == 0 {
			p.Printf("%s lists every resource already", file)
			return nil
		}
		p.Printf("added %s", strings.Join(added, ", "))
	} else if err := doc.Remove(f.integration, ids, tree); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}

	if err := atomic.WriteFile(file, doc.Bytes(), 0o644); err != nil {
		return err
	}
	p.Resultf("%s\n", file)
	return nil
}

// declares reports whether the integration file rel of c declares the
// integration name.
func declares(c *magento.Component, rel, name string) bool {
	list := c.API
	if rel == "etc/integration.xml" {
		list = c.Integrations
	}
	return slices.ContainsFunc(list, func(in magento.Integration) bool { return in.Name == name })
}

// loadIntegrationModule reads the module in dir and the ACL tree its
// resources resolve against: the installation at root, or the embedded
// one, with the module's own resources.
func loadIntegrationModule(
	p *printer,
	dir, root string,
) (*magento.Component, *magento.ACLTree, error) {
	tree, err := installedACL(p, root)
	if err != nil {
		return nil, nil, err
	}
	if tree == nil {
		tree = magento.MagentoACL()
	}
	if _, err := os.Stat(filepath.Join(dir, "registration.php")); err != nil {
		return nil, nil, fmt.Errorf("%s: %w; run this in a module directory", dir, magento.ErrNoComponent)
	}
	c := magento.Check(dir, magento.Options{ACL: tree}).Component
	return c, c.ACLWith(tree), nil
}

type routesFlags struct {
	format      string
	check       []string
	integration string
	magentoRoot string
}

func newIntegrationRoutesCmd(p *printer) *cobra.Command {
	var f routesFlags
	cmd := &cobra.Command{
		Use:   "routes [DIR]",
		Short: "List the web API routes an integration's resources open",
		Long: `Routes lists, for each integration of the module in DIR (default "."),
the REST routes its resources open and those they do not, with the
resources each closed route lacks.

Routes are those of Magento Open Source 2.4.6-p1, or of the installation
--magento-root names, and the module's own etc/webapi.xml. Resources are
granted as Magento grants them: exactly the listed ones for api.xml, with
their ancestors for integration.xml, everything for Magento_Backend::all.
A route is open when every resource it names is granted; anonymous routes
are open to all callers, and self routes only to customers.

--check "GET /V1/orders/:id" (repeatable) prints nothing else and fails
unless each route is open to every integration checked, so that CI can
pin the calls a service makes.

Output formats:
  text    a table per integration on standard output
  json    one document on standard output
` + exitStatusHelp,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRoutes(p, f, dirArg(args))
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	fl.StringArrayVar(&f.check, "check", nil, `fail unless this route, such as "GET /V1/orders/:id", is open (repeatable)`)
	fl.StringVar(&f.integration, "integration", "", "only the integration with this `NAME`")
	fl.StringVar(&f.magentoRoot, "magento-root", "", "take routes and ACL from the Magento installation in `DIR`")
	return cmd
}

// A routeAccess is one route as one integration sees it.
type routeAccess struct {
	Route     string   `json:"route"`
	Status    string   `json:"status"` // open, public, closed or customer-only
	Resources []string `json:"resources"`
	Missing   []string `json:"missing,omitempty"`
	Source    string   `json:"source"`
}

type integrationRoutes struct {
	Integration string        `json:"integration"`
	File        string        `json:"file"`
	Routes      []routeAccess `json:"routes"`
}

func runRoutes(p *printer, f routesFlags, dir string) error {
	if f.format != "text" && f.format != "json" {
		return usagef("unknown --format %q; use text or json", f.format)
	}
	for _, spec := range f.check {
		if _, _, ok := magento.SplitRoute(spec); !ok {
			return usagef("route %q is not of the form \"GET /V1/orders/:id\"", spec)
		}
	}
	c, tree, err := loadIntegrationModule(p, dir, f.magentoRoot)
	if err != nil {
		return err
	}
	routes, err := knownRoutes(p, f.magentoRoot)
	if err != nil {
		return err
	}
	routes = append(routes, c.WebAPI...)

	results := accessOf(c, tree, routes)
	if f.integration != "" {
		results = slices.DeleteFunc(results, func(r integrationRoutes) bool {
			return r.Integration != f.integration
		})
	}
	if len(results) == 0 {
		return fmt.Errorf("%s declares no integration%s", dir, nameSuffix(f.integration))
	}

	if len(f.check) > 0 {
		return checkRoutes(p, results, routes, f.check)
	}
	if f.format == "json" {
		enc := json.NewEncoder(p.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	writeRoutes(p, results)
	return nil
}

func nameSuffix(name string) string {
	if name == "" {
		return ""
	}
	return fmt.Sprintf(" named %q", name)
}

// accessOf works out, for each integration of c, which routes its
// grant opens. An integration that integration.xml declares takes its
// resources from there, as Magento does.
func accessOf(
	c *magento.Component,
	tree *magento.ACLTree,
	routes []magento.Route,
) []integrationRoutes {
	type source struct {
		file         string
		resources    []string
		consolidated bool
	}
	var names []string
	bySource := map[string]source{}
	collect := func(file string, list []magento.Integration, consolidated bool) {
		for _, in := range list {
			if _, ok := bySource[in.Name]; !ok {
				names = append(names, in.Name)
			}
			var ids []string
			for _, r := range in.Resources {
				ids = append(ids, r.Name)
			}
			bySource[in.Name] = source{file, ids, consolidated}
		}
	}
	collect("etc/integration/api.xml", c.API, false)
	collect("etc/integration.xml", c.Integrations, true)

	var out []integrationRoutes
	for _, name := range names {
		src := bySource[name]
		g := magento.GrantOf(tree, src.resources, src.consolidated)
		res := integrationRoutes{Integration: name, File: src.file}
		for _, rt := range routes {
			open, missing := rt.Opens(g)
			a := routeAccess{
				Route: rt.String(), Status: "open", Resources: rt.Resources,
				Missing: missing, Source: rt.Source,
			}
			switch {
			case slices.Contains(rt.Resources, "anonymous"):
				a.Status = "public"
			case slices.Contains(rt.Resources, "self"):
				a.Status, a.Missing = "customer-only", nil
			case !open:
				a.Status = "closed"
			}
			res.Routes = append(res.Routes, a)
		}
		out = append(out, res)
	}
	return out
}

// writeRoutes prints one table per integration: open routes first,
// then closed ones with what they lack.
func writeRoutes(p *printer, results []integrationRoutes) {
	tw := tabwriter.NewWriter(p.stdout, 0, 4, 2, ' ', 0)
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		counts := map[string]int{}
		for _, a := range r.Routes {
			counts[a.Status]++
		}
		fmt.Fprintf(tw, "%s (%s): %d open, %d closed, %d public, %d for customers only\n",
			r.Integration, r.File, counts["open"], counts["closed"], counts["public"], counts["customer-only"])
		for _, status := range []string{"open", "closed"} {
			for _, a := range r.Routes {
				if a.Status != status {
					continue
				}
				detail := strings.Join(a.Resources, ", ")
				if status == "closed" {
					detail = "needs " + strings.Join(a.Missing, ", ")
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s\n", status, a.Route, detail)
			}
		}
	}
	tw.Flush()
}

// checkRoutes reports whether each route in specs is open to every
// integration in results.
func checkRoutes(
	p *printer,
	results []integrationRoutes,
	routes []magento.Route,
	specs []string,
) error {
	failed := false
	for _, spec := range specs {
		rt, ok := findRoute(routes, spec)
		if !ok {
			msg := fmt.Sprintf("no web API route %s is known", spec)
			if near := closestRoutes(routes, spec, 3); len(near) > 0 {
				msg += "; closest known: " + strings.Join(near, ", ")
			}
			p.Errorf("%s", msg)
			failed = true
			continue
		}
		for _, r := range results {
			i := slices.IndexFunc(r.Routes, func(a routeAccess) bool { return a.Route == rt.String() })
			a := r.Routes[i]
			switch a.Status {
			case "open", "public":
				p.Printf("%s is open to %q", rt, r.Integration)
			case "customer-only":
				p.Errorf("%s takes a customer's token; integration %q cannot call it", rt, r.Integration)
				failed = true
			default:
				p.Errorf("%s is closed to integration %q: it needs %s; run modpack integration resources add %s",
					rt, r.Integration, strings.Join(a.Missing, ", "), strings.Join(a.Missing, " "))
				failed = true
			}
		}
	}
	if failed {
		return errReported
	}
	return nil
}
