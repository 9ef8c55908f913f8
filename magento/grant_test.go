package magento_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/modpack/modpack/magento"
)

func TestWithAncestors(t *testing.T) {
	tree := magento.MagentoACL()
	tests := []struct {
		ids         []string
		want        []string
		wantUnknown []string
	}{
		{
			ids: []string{"Magento_Sales::actions_view"},
			want: []string{
				"Magento_Sales::sales", "Magento_Sales::sales_operation",
				"Magento_Sales::sales_order", "Magento_Sales::actions",
				"Magento_Sales::actions_view",
			},
		},
		{
			// Siblings follow Magento's sort order, whatever order they
			// are asked for in, and shared ancestors appear once.
			ids: []string{"Magento_Sales::shipment", "Magento_Sales::hold", "Magento_Sales::create"},
			want: []string{
				"Magento_Sales::sales", "Magento_Sales::sales_operation",
				"Magento_Sales::sales_order", "Magento_Sales::actions",
				"Magento_Sales::create", "Magento_Sales::hold",
				"Magento_Sales::shipment",
			},
		},
		{
			// The Dashboard (sort order 0) comes before Sales (20), and
			// the root that Magento grants by itself is left out.
			ids:  []string{"Magento_Sales::sales", "Magento_Backend::dashboard", "Magento_Backend::admin"},
			want: []string{"Magento_Backend::dashboard", "Magento_Sales::sales"},
		},
		{
			ids:         []string{"Magento_Log::online", "Magento_Customer::online"},
			want:        []string{"Magento_Customer::customer", "Magento_Customer::online"},
			wantUnknown: []string{"Magento_Log::online"},
		},
	}
	for _, tt := range tests {
		got, unknown := magento.WithAncestors(tree, tt.ids)
		if !slices.Equal(got, tt.want) || !slices.Equal(unknown, tt.wantUnknown) {
			t.Errorf("WithAncestors(%q) = %q, %q; want %q, %q",
				tt.ids, got, unknown, tt.want, tt.wantUnknown)
		}
	}
}

func TestRouteOpens(t *testing.T) {
	tree := magento.MagentoACL()
	route := func(spec string) magento.Route {
		t.Helper()
		for _, rt := range magento.MagentoRoutes() {
			if rt.Matches(spec) {
				return rt
			}
		}
		t.Fatalf("no Magento route %s", spec)
		return magento.Route{}
	}
	orderView := route("GET /V1/orders/:id")
	salesRoot := magento.Route{Method: "GET", URL: "/V1/acme/sales", Resources: []string{"Magento_Sales::sales"}}
	both := magento.Route{Method: "GET", URL: "/V1/acme/both",
		Resources: []string{"Magento_Sales::actions_view", "Magento_Customer::customer"}}
	guest := route("POST /V1/guest-carts/:cartId/shipping-information")
	mine := route("POST /V1/carts/mine/payment-information")

	legacyView := magento.GrantOf(tree, []string{
		"Magento_Sales::sales", "Magento_Sales::sales_operation", "Magento_Sales::sales_order",
		"Magento_Sales::actions", "Magento_Sales::actions_view",
	}, false)
	legacyChildOnly := magento.GrantOf(tree, []string{"Magento_Sales::actions_view"}, false)
	consolidatedChild := magento.GrantOf(tree, []string{"Magento_Sales::actions_view"}, true)
	everything := magento.GrantOf(tree, []string{"Magento_Backend::all"}, false)
	unknownOnly := magento.GrantOf(tree, []string{"Magento_Log::online"}, true)

	tests := []struct {
		name        string
		route       magento.Route
		grant       magento.Grant
		want        bool
		wantMissing string
	}{
		{"listed resource", orderView, legacyView, true, ""},
		{"legacy child without parents still opens its own route", orderView, legacyChildOnly, true, ""},
		{"legacy grants no unlisted parent", salesRoot, legacyChildOnly, false, "Magento_Sales::sales"},
		{"consolidated grants the parents", salesRoot, consolidatedChild, true, ""},
		{"every resource of a route is needed", both, legacyView, false, "Magento_Customer::customer"},
		{"Magento_Backend::all opens everything", both, everything, true, ""},
		{"anonymous is open to all", guest, unknownOnly, true, ""},
		{"self needs a customer token", mine, everything, false, "self"},
		{"unknown ids grant nothing", salesRoot, unknownOnly, false, "Magento_Sales::sales"},
	}
	for _, tt := range tests {
		got, missing := tt.route.Opens(tt.grant)
		if got != tt.want || strings.Join(missing, ",") != tt.wantMissing {
			t.Errorf("%s: %s.Opens = %v, %q; want %v, %q",
				tt.name, tt.route, got, missing, tt.want, tt.wantMissing)
		}
	}
}

func TestRouteMatches(t *testing.T) {
	rt := magento.Route{Method: "GET", URL: "/V1/orders/:id"}
	tests := []struct {
		spec string
		want bool
	}{
		{"GET /V1/orders/:id", true},
		{"get /V1/orders/:orderId", true},
		{"  GET   /V1/orders/:id/ ", true},
		{"POST /V1/orders/:id", false},
		{"GET /V1/orders/42", false},
		{"GET /V1/orders", false},
		{"GET", false},
		{"FETCH /V1/orders/:id", false},
	}
	for _, tt := range tests {
		if got := rt.Matches(tt.spec); got != tt.want {
			t.Errorf("Matches(%q) = %v, want %v", tt.spec, got, tt.want)
		}
	}
}

func TestMagentoRoutes(t *testing.T) {
	routes := magento.MagentoRoutes()
	if len(routes) != 455 {
		t.Fatalf("MagentoRoutes() has %d routes, want the 455 of 2.4.6-p1", len(routes))
	}
	for _, rt := range routes {
		if rt.Matches("GET /V1/orders/:id") {
			if !slices.Equal(rt.Resources, []string{"Magento_Sales::actions_view"}) {
				t.Errorf("GET /V1/orders/:id needs %q, want Magento_Sales::actions_view", rt.Resources)
			}
			return
		}
	}
	t.Error("MagentoRoutes() lacks GET /V1/orders/:id")
}
