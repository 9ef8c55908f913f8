package magento

import (
	"slices"
	"testing"
)

func TestClassReferences(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{`<?php
namespace Acme\Shop\Model;

use Magento\Catalog\Api\ProductRepositoryInterface;
use Magento\Framework\{App\State, Exception\LocalizedException as Failure};
use function Magento\Framework\escape;

/**
 * @param \Magento\Customer\Model\Customer $c PHPDoc is not code
 */
class Feed extends \Magento\Framework\DataObject implements Local\Thing
{
    use \Magento\Framework\Trait\Sample; // a trait, still a dependency

    public function run(): void
    {
        $x = 'Magento\Sales\Model\Order'; // a string
        $f = function () use ($x) { return \Magento\Store\Model\Store::DEFAULT_STORE_ID; };
        \Magento\Framework\App\ObjectManager::getInstance();
    }
}
`, []string{
			`Magento\Catalog\Api\ProductRepositoryInterface`,
			`Magento\Framework\App\State`,
			`Magento\Framework\Exception\LocalizedException`,
			`Magento\Framework\escape`,
			`Magento\Framework\DataObject`,
			`Magento\Framework\Trait\Sample`,
			`Magento\Store\Model\Store`,
			`Magento\Framework\App\ObjectManager`,
		}},
		{"<html><?php echo \\Magento\\Cms\\Helper\\Page::class ?></html>", []string{`Magento\Cms\Helper\Page`}},
		{"<?php\n# use Magento\\Sales;\n", nil},
	}
	for _, tt := range tests {
		got, err := ClassReferences([]byte(tt.src))
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ClassReferences(%q) = %q, %v; want %q", tt.src, got, err, tt.want)
		}
	}
}

func TestClassReferencesBrokenFile(t *testing.T) {
	src := "<?php\nuse Magento\\Sales\\Model\\Order;\n$x = 'unterminated;\n"
	got, err := ClassReferences([]byte(src))
	if want := []string{`Magento\Sales\Model\Order`}; !slices.Equal(got, want) {
		t.Errorf("ClassReferences = %q, want %q", got, want)
	}
	se, ok := err.(*SyntaxError)
	if !ok || se.Pos.Line != 3 {
		t.Errorf("ClassReferences error = %v, want a SyntaxError on line 3", err)
	}
}
