package integration_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/modpack/modpack/internal/integration"
	"github.com/modpack/modpack/magento"
)

const legacy = `<?xml version="1.0"?>
<!-- Keep these in step with the service's API calls. -->
<integrations>
	<integration name="Acme Sync">
		<resources>
			<resource name="Magento_Sales::sales"/>   <!-- orders -->
			<resource name="Magento_Sales::sales_operation" />
			<resource name="Magento_Sales::sales_order"></resource>
			<resource name="Magento_Sales::actions"/>
			<resource name="Magento_Sales::actions_view"/>
		</resources>
	</integration>
</integrations>
`

func TestAddRemoveRoundTrip(t *testing.T) {
	tree := magento.MagentoACL()
	doc := parse(t, legacy)

	added, err := doc.Add("", []string{"Magento_Sales::hold", "Magento_Customer::manage", "Magento_Sales::create"}, tree)
	if err != nil {
		t.Fatal(err)
	}
	wantAdded := []string{
		"Magento_Sales::create", "Magento_Sales::hold",
		"Magento_Customer::customer", "Magento_Customer::manage",
	}
	if !slices.Equal(added, wantAdded) {
		t.Errorf("Add added %q, want %q", added, wantAdded)
	}

	// New entries take the indentation of their neighbours and their
	// place in Magento's tree; everything else is untouched.
	want := strings.Replace(legacy, `			<resource name="Magento_Sales::actions_view"/>
`, `			<resource name="Magento_Sales::create"/>
			<resource name="Magento_Sales::actions_view"/>
			<resource name="Magento_Sales::hold"/>
			<resource name="Magento_Customer::customer"/>
			<resource name="Magento_Customer::manage"/>
`, 1)
	if got := string(doc.Bytes()); got != want {
		t.Fatalf("after Add:\n%s\nwant:\n%s", got, want)
	}

	if err := doc.Remove("", wantAdded, tree); err != nil {
		t.Fatal(err)
	}
	if got := string(doc.Bytes()); got != legacy {
		t.Errorf("Add then Remove gave:\n%s\nwant the original:\n%s", got, legacy)
	}
}

func TestAddListedAlready(t *testing.T) {
	doc := parse(t, legacy)
	added, err := doc.Add("", []string{"Magento_Sales::actions_view"}, magento.MagentoACL())
	if err != nil || len(added) != 0 || string(doc.Bytes()) != legacy {
		t.Errorf("Add of a listed id = %q, %v, and changed the file: %v",
			added, err, string(doc.Bytes()) != legacy)
	}
}

func TestAddInline(t *testing.T) {
	const in = `<config><integration name="Feed"><email>a@b.example</email>` +
		`<resources><resource name="Magento_Sales::sales"/></resources></integration></config>`
	doc := parse(t, in)
	if _, err := doc.Add("", []string{"Magento_Sales::sales_operation"}, magento.MagentoACL()); err != nil {
		t.Fatal(err)
	}
	want := `<config><integration name="Feed"><email>a@b.example</email>` +
		`<resources><resource name="Magento_Sales::sales"/><resource name="Magento_Sales::sales_operation"/>` +
		`</resources></integration></config>`
	if got := string(doc.Bytes()); got != want {
		t.Errorf("inline Add gave\n%s\nwant\n%s", got, want)
	}
}

func TestAddCreatesList(t *testing.T) {
	tests := []struct{ in, want string }{
		{
			in: `<config>
  <integration name="Feed">
    <email>a@b.example</email>
  </integration>
</config>
`,
			want: `<config>
  <integration name="Feed">
    <email>a@b.example</email>
    <resources>
      <resource name="Magento_Sales::sales"/>
    </resources>
  </integration>
</config>
`,
		},
		{
			in: `<config>
    <integration name="Feed">
        <email>a@b.example</email>
        <resources/>
    </integration>
</config>
`,
			want: `<config>
    <integration name="Feed">
        <email>a@b.example</email>
        <resources>
            <resource name="Magento_Sales::sales"/>
        </resources>
    </integration>
</config>
`,
		},
	}
	for _, tt := range tests {
		doc := parse(t, tt.in)
		if _, err := doc.Add("", []string{"Magento_Sales::sales"}, magento.MagentoACL()); err != nil {
			t.Fatal(err)
		}
		if got := string(doc.Bytes()); got != tt.want {
			t.Errorf("Add to\n%s\ngave\n%s\nwant\n%s", tt.in, got, tt.want)
		}
	}
}

func TestRefusals(t *testing.T) {
	tree := magento.MagentoACL()
	two := `<integrations>
    <integration name="One"><resources><resource name="Magento_Sales::sales"/></resources></integration>
    <integration name="Two"><resources><resource name="Magento_Sales::sales"/></resources></integration>
</integrations>`

	tests := []struct {
		name string
		in   string
		edit func(*integration.Doc) error
		want string
	}{
		{"parent of a listed resource", legacy, func(d *integration.Doc) error {
			return d.Remove("", []string{"Magento_Sales::actions"}, tree)
		}, `"Magento_Sales::actions" is the parent of Magento_Sales::actions_view`},
		{"not listed", legacy, func(d *integration.Doc) error {
			return d.Remove("", []string{"Magento_Sales::hold"}, tree)
		}, `does not list "Magento_Sales::hold"`},
		{"the last entry", two, func(d *integration.Doc) error {
			return d.Remove("One", []string{"Magento_Sales::sales"}, tree)
		}, "would list no resource"},
		{"unknown id", legacy, func(d *integration.Doc) error {
			_, err := d.Add("", []string{"Magento_Sales::cancle"}, tree)
			return err
		}, `closest known: Magento_Sales::cancel`},
		{"several integrations", two, func(d *integration.Doc) error {
			_, err := d.Add("", []string{"Magento_Sales::hold"}, tree)
			return err
		}, "declares 2 integrations (One, Two); pick one with --integration"},
		{"no such integration", two, func(d *integration.Doc) error {
			_, err := d.Add("Three", []string{"Magento_Sales::hold"}, tree)
			return err
		}, `declares no integration "Three"`},
	}
	for _, tt := range tests {
		doc := parse(t, tt.in)
		err := tt.edit(doc)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want one containing %q", tt.name, err, tt.want)
		}
		if string(doc.Bytes()) != tt.in {
			t.Errorf("%s: a refused edit changed the file", tt.name)
		}
	}

	// The parent goes when its children go with it.
	doc := parse(t, two)
	if _, err := doc.Add("Two", []string{"Magento_Sales::sales_operation"}, tree); err != nil {
		t.Fatal(err)
	}
	if err := doc.Remove("Two", []string{"Magento_Sales::sales_operation"}, tree); err != nil {
		t.Fatal(err)
	}
	if string(doc.Bytes()) != two {
		t.Errorf("edits of Two gave\n%s\nwant\n%s", doc.Bytes(), two)
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "<integrations>", "<config/>", "not xml"} {
		if _, err := integration.Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q) succeeded", in)
		}
	}
}

func parse(t *testing.T, s string) *integration.Doc {
	t.Helper()
	doc, err := integration.Parse([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
