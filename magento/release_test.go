package magento

import "testing"

func TestMagento246(t *testing.T) {
	r := Magento246()

	tests := []struct {
		class string
		want  string
	}{
		{`Magento\CatalogInventory\Model\Stock`, "Magento_CatalogInventory"},
		{`Magento\Catalog\Model\Product`, "Magento_Catalog"},
		{`Magento\InventoryApi\Api\StockRepositoryInterface`, "Magento_InventoryApi"},
		{`Magento\Framework\App\State`, ""},
		{`Acme\Shop\Model\Feed`, ""},
	}
	for _, tt := range tests {
		m, _ := r.ModuleForClass(tt.class)
		if m.Name != tt.want {
			t.Errorf("ModuleForClass(%q) = %q, want %q", tt.class, m.Name, tt.want)
		}
	}

	if v, _ := r.PackageVersion("magento/framework"); v != "103.0.6-p1" {
		t.Errorf(`PackageVersion("magento/framework") = %q, want "103.0.6-p1"`, v)
	}
	m, ok := r.Module("Magento_Sales")
	want := ModuleInfo{"Magento_Sales", "magento/module-sales", "103.0.6-p1", `Magento\Sales\`}
	if !ok || m != want {
		t.Errorf("Module(Magento_Sales) = %+v, want %+v", m, want)
	}
}
