package magento

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Magento Open Source 2.4.6-p1's web API routes, from the etc/webapi.xml
// of every package under vendor/magento.
//
//go:embed data/magento-webapi-routes.tsv
var routesData []byte

// The pseudo-resources of etc/webapi.xml. Anyone may call an anonymous
// route; a self route takes a customer's own token, which an integration
// does not have.
const (
	refAnonymous = "anonymous"
	refSelf      = "self"
)

// A Route is one <route> of an etc/webapi.xml: a REST method and URL and
// the ACL resources a caller must hold.
type Route struct {
	Method    string // GET, POST, PUT or DELETE
	URL       string // such as /V1/orders/:id
	Resources []string
	Service   string   // Class::method
	Source    string   // the release, package or file that declares it
	Pos       Position // in Source, when it is a file

	refs []NameRef // Resources with their places, when read from a file
}

// String returns the route as "METHOD URL".
func (rt Route) String() string { return rt.Method + " " + rt.URL }

// Opens reports whether g lets an integration call rt and, when it does
// not, which of the route's resources it lacks. Magento's web API
// authorization demands every resource a route lists; anonymous routes
// are open to all, and self routes only to customers.
func (rt Route) Opens(g Grant) (bool, []string) {
	var missing []string
	for _, ref := range rt.Resources {
		if ref != refAnonymous && (ref == refSelf || !g.Allows(ref)) {
			missing = append(missing, ref)
		}
	}
	return len(missing) == 0 && len(rt.Resources) > 0, missing
}

// Matches reports whether rt is the route spec names, given as
// "METHOD /URL". Path parameters match whatever they are called:
// "GET /V1/orders/:orderId" is "GET /V1/orders/:id".
func (rt Route) Matches(spec string) bool {
	method, url, ok := SplitRoute(spec)
	if !ok || !strings.EqualFold(method, rt.Method) {
		return false
	}
	a, b := strings.Split(url, "/"), strings.Split(rt.URL, "/")
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if isPathParam(a[i]) && isPathParam(b[i]) {
			continue
		}
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// SplitRoute splits "GET /V1/orders/:id" into its method and URL. It
// reports false when spec does not have that shape.
func SplitRoute(spec string) (method, url string, ok bool) {
	method, url, ok = strings.Cut(strings.TrimSpace(spec), " ")
	url = strings.TrimSpace(url)
	if !ok || !strings.HasPrefix(url, "/") || !slices.Contains(httpMethods, strings.ToUpper(method)) {
		return "", "", false
	}
	return strings.ToUpper(method), strings.TrimRight(url, "/"), true
}

var httpMethods = []string{"GET", "POST", "PUT", "DELETE"}

func isPathParam(seg string) bool { return strings.HasPrefix(seg, ":") && len(seg) > 1 }

// MagentoRoutes returns the web API routes of Magento Open Source
// 2.4.6-p1, in the order of its packages.
func MagentoRoutes() []Route {
	var out []Route
	for _, f := range tableRows(routesData, "method") {
		if len(f) < 5 {
			continue
		}
		out = append(out, Route{
			Method:    f[0],
			URL:       f[1],
			Resources: strings.Split(f[2], ","),
			Service:   f[3],
			Source:    f[4],
		})
	}
	return out
}

var webapiRouteSpec = &elemSpec{
	attrs: []attrSpec{
		{name: "method", required: true},
		{name: "url", required: true},
		{name: "secure"},
		{name: "soapOperation"},
		{name: "input-array-size-limit"},
	},
	children: []childSpec{
		{name: "service", min: 1, max: 1, spec: &elemSpec{attrs: []attrSpec{
			{name: "class", required: true},
			{name: "method", required: true},
		}}},
		{name: "resources", min: 1, max: 1, spec: &elemSpec{children: []childSpec{
			{name: "resource", min: 1, spec: &elemSpec{
				attrs: []attrSpec{{name: "ref", required: true}},
			}},
		}}},
		{name: "data", max: 1, spec: &elemSpec{children: []childSpec{
			{name: "parameter", spec: &elemSpec{
				attrs: []attrSpec{{name: "name", required: true}, {name: "force"}},
				text:  true,
			}},
		}}},
	},
}

var webapiDoc = docSpec{
	file: webapiXMLFile,
	root: "routes",
	rule: ruleWebapiSchema,
	spec: &elemSpec{children: []childSpec{{name: "route", spec: webapiRouteSpec}}},
}

const webapiXMLFile = "etc/webapi.xml"

// ParseWebAPIXML reads etc/webapi.xml and reports where it breaks
// Magento's webapi.xsd. It returns nil only when data is not XML.
func ParseWebAPIXML(data []byte) ([]Route, []Finding) {
	var r Report
	root, ok := readDoc(&r, data, webapiDoc)
	if !ok {
		return nil, r.Findings
	}

	out := []Route{}
	for _, n := range root.children("route") {
		rt := Route{Source: webapiXMLFile, Pos: n.Pos}
		if a, ok := n.attr("method"); ok {
			rt.Method = a.Value
			if !slices.Contains(httpMethods, a.Value) {
				r.Add(webapiXMLFile, a.Pos, ruleWebapiSchema, "use GET, POST, PUT or DELETE",
					"route method %q is not one webapi.xsd allows", a.Value)
			}
		}
		if a, ok := n.attr("url"); ok {
			rt.URL = a.Value
		}
		for _, s := range n.children("service") {
			class, _ := s.attr("class")
			method, _ := s.attr("method")
			rt.Service = class.Value + "::" + method.Value
		}
		for _, res := range n.children("resources") {
			for _, rn := range res.children("resource") {
				if a, ok := rn.attr("ref"); ok {
					rt.Resources = append(rt.Resources, a.Value)
					rt.refs = append(rt.refs, NameRef{Name: a.Value, Pos: a.Pos})
				}
			}
		}
		out = append(out, rt)
	}
	return out, r.Findings
}

// LoadRoutes reads the web API routes of the Magento installation at
// root: the etc/webapi.xml of every component under vendor/*/* and
// app/code/*/*. Files that cannot be read or parsed are named in the
// error; the routes hold what could be read.
func LoadRoutes(root string) ([]Route, error) {
	dirs, err := installedComponents(root)
	if err != nil {
		return nil, err
	}

	var out []Route
	var problems []string
	for _, dir := range dirs {
		file := filepath.Join(dir, "etc", "webapi.xml")
		data, err := os.ReadFile(file)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
				problems = append(problems, err.Error())
			}
			continue
		}
		routes, findings := ParseWebAPIXML(data)
		for _, f := range findings {
			if f.Severity == Error {
				problems = append(problems, fmt.Sprintf("%s:%s: %s", file, f.Pos, f.Message))
			}
		}
		for _, rt := range routes {
			rt.Source = file
			out = append(out, rt)
		}
	}
	if len(problems) > 0 {
		return out, fmt.Errorf("read web API routes of %s:\n\t%s", root, strings.Join(problems, "\n\t"))
	}
	return out, nil
}
