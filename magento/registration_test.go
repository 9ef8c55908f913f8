package magento

import (
	"errors"
	"slices"
	"testing"
)

// useRegistrar is the import line most registration.php files start with.
const useRegistrar = "use Magento\\Framework\\Component\\ComponentRegistrar;\n"

// Error messages that several cases expect.
const (
	noCall = "no ComponentRegistrar::register call; " +
		"add ComponentRegistrar::register(type, name, __DIR__)"
	notRegistrar = `, not on \Magento\Framework\Component\ComponentRegistrar`
)

var registrationTests = []struct {
	name string
	src  string
	want []Registration
	err  string // the whole error text; "" for none
}{
	{
		name: "core_docblock",
		src: "<?php\n" +
			"/**\n" +
			" * Copyright © Magento, Inc. All rights reserved.\n" +
			" * See COPYING.txt for license details.\n" +
			" */\n" +
			"\n" +
			useRegistrar +
			"\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Magento_Catalog', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{9, 30},
			Name: "Magento_Catalog", NameArg: "'Magento_Catalog'", NamePos: Position{9, 58},
			PathArg: "__DIR__", PathPos: Position{9, 77},
			Pos: Position{9, 1},
		}},
	},
	{
		name: "fully_qualified_across_lines",
		src: "<?php\n" +
			"\\Magento\\Framework\\Component\\ComponentRegistrar::register(\n" +
			"    \\Magento\\Framework\\Component\\ComponentRegistrar::MODULE,\n" +
			"    'Acme_Payments',\n" +
			"    __DIR__\n" +
			");\n",
		want: []Registration{{
			Type:    TypeModule,
			TypeArg: `\Magento\Framework\Component\ComponentRegistrar::MODULE`,
			TypePos: Position{3, 5},
			Name:    "Acme_Payments", NameArg: "'Acme_Payments'", NamePos: Position{4, 5},
			PathArg: "__DIR__", PathPos: Position{5, 5},
			Pos: Position{2, 1},
		}},
	},
	{
		name: "alias_theme",
		src: "<?php\n" +
			"use Magento\\Framework\\Component\\ComponentRegistrar as Registrar;\n" +
			"Registrar::register(Registrar::THEME, 'frontend/Acme/blank', __DIR__);\n",
		want: []Registration{{
			Type: TypeTheme, TypeArg: "Registrar::THEME", TypePos: Position{3, 21},
			Name: "frontend/Acme/blank", NameArg: "'frontend/Acme/blank'", NamePos: Position{3, 39},
			PathArg: "__DIR__", PathPos: Position{3, 62},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "declare_namespace_use",
		src: "<?php\n" +
			"declare(strict_types=1);\n" +
			"\n" +
			"namespace Acme\\Pay;\n" +
			"\n" +
			useRegistrar +
			"\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Pay', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{8, 30},
			Name: "Acme_Pay", NameArg: "'Acme_Pay'", NamePos: Position{8, 58},
			PathArg: "__DIR__", PathPos: Position{8, 70},
			Pos: Position{8, 1},
		}},
	},
	{
		name: "language",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::LANGUAGE, 'acme_de_de', __DIR__);\n",
		want: []Registration{{
			Type: TypeLanguage, TypeArg: "ComponentRegistrar::LANGUAGE", TypePos: Position{3, 30},
			Name: "acme_de_de", NameArg: "'acme_de_de'", NamePos: Position{3, 60},
			PathArg: "__DIR__", PathPos: Position{3, 74},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "library",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::LIBRARY, 'acme/lib', __DIR__);\n",
		want: []Registration{{
			Type: TypeLibrary, TypeArg: "ComponentRegistrar::LIBRARY", TypePos: Position{3, 30},
			Name: "acme/lib", NameArg: "'acme/lib'", NamePos: Position{3, 59},
			PathArg: "__DIR__", PathPos: Position{3, 71},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "namespace_relative_qualified",
		src: "<?php\n" +
			"namespace Magento\\Framework;\n" +
			"Component\\ComponentRegistrar::register(" +
			"Component\\ComponentRegistrar::MODULE, 'Acme_Rel', __DIR__);\n",
		want: []Registration{{
			Type:    TypeModule,
			TypeArg: `Component\ComponentRegistrar::MODULE`, TypePos: Position{3, 40},
			Name: "Acme_Rel", NameArg: "'Acme_Rel'", NamePos: Position{3, 78},
			PathArg: "__DIR__", PathPos: Position{3, 90},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "namespace_keyword_relative",
		src: "<?php\n" +
			"namespace Magento\\Framework\\Component;\n" +
			"namespace\\ComponentRegistrar::register(" +
			"ComponentRegistrar::MODULE, 'Acme_Ns', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 40},
			Name: "Acme_Ns", NameArg: "'Acme_Ns'", NamePos: Position{3, 68},
			PathArg: "__DIR__", PathPos: Position{3, 79},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "comments_everywhere",
		src: "<?php\n" +
			"// ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Fake_Line', __DIR__);\n" +
			"# ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Fake_Hash', __DIR__);\n" +
			"/* ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Fake_Block', __DIR__); */\n" +
			useRegistrar +
			"ComponentRegistrar /* a */ :: // b\n" +
			"    register ( # c\n" +
			"    ComponentRegistrar::MODULE /* d */ , 'Acme_Commented',\n" +
			"    /* e */ __DIR__\n" +
			");\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{8, 5},
			Name: "Acme_Commented", NameArg: "'Acme_Commented'", NamePos: Position{8, 42},
			PathArg: "__DIR__", PathPos: Position{9, 13},
			Pos: Position{6, 1},
		}},
	},
	{
		name: "double_quotes",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, \"Acme_Double\", __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 30},
			Name: "Acme_Double", NameArg: `"Acme_Double"`, NamePos: Position{3, 58},
			PathArg: "__DIR__", PathPos: Position{3, 73},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "inline_html_and_close_tag",
		src: "\n  <!-- generated -->\n<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Html', __DIR__);\n" +
			"?>\n" +
			"<p>ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Fake_Html', __DIR__);</p>\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{5, 30},
			Name: "Acme_Html", NameArg: "'Acme_Html'", NamePos: Position{5, 58},
			PathArg: "__DIR__", PathPos: Position{5, 71},
			Pos: Position{5, 1},
		}},
	},
	{
		name: "group_use",
		src: "<?php\n" +
			"use Magento\\Framework\\Component\\{ComponentRegistrar};\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Group', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 30},
			Name: "Acme_Group", NameArg: "'Acme_Group'", NamePos: Position{3, 58},
			PathArg: "__DIR__", PathPos: Position{3, 72},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "group_use_alias_and_function",
		src: "<?php\n" +
			"use Magento\\Framework\\Component\\{ComponentRegistrarInterface, " +
			"ComponentRegistrar as CR, function register};\n" +
			"CR::register(CR::MODULE, 'Acme_Mixed', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "CR::MODULE", TypePos: Position{3, 14},
			Name: "Acme_Mixed", NameArg: "'Acme_Mixed'", NamePos: Position{3, 26},
			PathArg: "__DIR__", PathPos: Position{3, 40},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "string_type",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register('module', 'Acme_Plain', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "'module'", TypePos: Position{3, 30},
			Name: "Acme_Plain", NameArg: "'Acme_Plain'", NamePos: Position{3, 40},
			PathArg: "__DIR__", PathPos: Position{3, 54},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "class_names_ignore_case",
		src: "<?php\n" +
			"USE magento\\framework\\component\\componentregistrar;\n" +
			"COMPONENTREGISTRAR::Register(componentRegistrar::THEME, 'adminhtml/Acme/backend', __DIR__);\n",
		want: []Registration{{
			Type: TypeTheme, TypeArg: "componentRegistrar::THEME", TypePos: Position{3, 30},
			Name: "adminhtml/Acme/backend", NameArg: "'adminhtml/Acme/backend'",
			NamePos: Position{3, 57},
			PathArg: "__DIR__", PathPos: Position{3, 83},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "constant_names_keep_case",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::Module, 'Acme_Case', __DIR__);\n",
		want: []Registration{{
			Type: "", TypeArg: "ComponentRegistrar::Module", TypePos: Position{3, 30},
			Name: "Acme_Case", NameArg: "'Acme_Case'", NamePos: Position{3, 58},
			PathArg: "__DIR__", PathPos: Position{3, 71},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "type_constant_of_other_class",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(\\Acme\\Registrar::MODULE, 'Acme_Other', __DIR__);\n",
		want: []Registration{{
			Type: "", TypeArg: `\Acme\Registrar::MODULE`, TypePos: Position{3, 30},
			Name: "Acme_Other", NameArg: "'Acme_Other'", NamePos: Position{3, 55},
			PathArg: "__DIR__", PathPos: Position{3, 69},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "simple_interpolation_dirname",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, \"Acme_$name\", dirname(__FILE__));\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 30},
			Name: "", NameArg: `"Acme_$name"`, NamePos: Position{3, 58},
			PathArg: "dirname(__FILE__)", PathPos: Position{3, 72},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "brace_interpolation_collapsed_path",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, \"Acme_{$name}\",\n" +
			"    __DIR__  .\n\t/* sub */ '/src');\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 30},
			Name: "", NameArg: `"Acme_{$name}"`, NamePos: Position{3, 58},
			PathArg: "__DIR__ . '/src'", PathPos: Position{4, 5},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "concatenated_name",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme' . '_Concat', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 30},
			Name: "", NameArg: "'Acme' . '_Concat'", NamePos: Position{3, 58},
			PathArg: "__DIR__", PathPos: Position{3, 78},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "double_quote_escapes",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, \"Acme\\x5fHex\\$\", __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 30},
			Name: "Acme_Hex$", NameArg: `"Acme\x5fHex\$"`, NamePos: Position{3, 58},
			PathArg: "__DIR__", PathPos: Position{3, 75},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "single_quote_escapes",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_It\\'s\\\\\\n', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 30},
			Name: `Acme_It's\\n`, NameArg: `'Acme_It\'s\\\n'`, NamePos: Position{3, 58},
			PathArg: "__DIR__", PathPos: Position{3, 76},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "binary_string_prefix",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, b'Acme_Binary', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 30},
			Name: "Acme_Binary", NameArg: "b'Acme_Binary'", NamePos: Position{3, 58},
			PathArg: "__DIR__", PathPos: Position{3, 74},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "heredoc_and_nowdoc",
		src: "<?php\n" + useRegistrar +
			"$doc = <<<EOT\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Fake_Heredoc', __DIR__);\n" +
			"EOTX\n" +
			"EOT;\n" +
			"$now = <<<'EOT'\n" +
			"    ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Fake_Nowdoc', __DIR__);\n" +
			"    EOT;\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Doc', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{10, 30},
			Name: "Acme_Doc", NameArg: "'Acme_Doc'", NamePos: Position{10, 58},
			PathArg: "__DIR__", PathPos: Position{10, 70},
			Pos: Position{10, 1},
		}},
	},
	{
		name: "attribute_is_not_comment",
		src: "<?php\n" + useRegistrar +
			"$f = #[Pure] fn() => 1; " +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Attr', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 54},
			Name: "Acme_Attr", NameArg: "'Acme_Attr'", NamePos: Position{3, 82},
			PathArg: "__DIR__", PathPos: Position{3, 95},
			Pos: Position{3, 25},
		}},
	},
	{
		name: "line_comment_ends_at_close_tag",
		src: "<?php // note ?>\n" +
			"<?php use Magento\\Framework\\Component\\ComponentRegistrar; " +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Tag', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{2, 88},
			Name: "Acme_Tag", NameArg: "'Acme_Tag'", NamePos: Position{2, 116},
			PathArg: "__DIR__", PathPos: Position{2, 128},
			Pos: Position{2, 59},
		}},
	},
	{
		name: "nested_quotes_in_interpolation",
		src: "<?php\n" + useRegistrar +
			"$x = \"{$a['\"']}\";\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Nested', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{4, 30},
			Name: "Acme_Nested", NameArg: "'Acme_Nested'", NamePos: Position{4, 58},
			PathArg: "__DIR__", PathPos: Position{4, 73},
			Pos: Position{4, 1},
		}},
	},
	{
		name: "two_registrations",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_One', __DIR__ . '/One');\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Two', __DIR__ . '/Two');\n",
		want: []Registration{
			{
				Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{3, 30},
				Name: "Acme_One", NameArg: "'Acme_One'", NamePos: Position{3, 58},
				PathArg: "__DIR__ . '/One'", PathPos: Position{3, 70},
				Pos: Position{3, 1},
			},
			{
				Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{4, 30},
				Name: "Acme_Two", NameArg: "'Acme_Two'", NamePos: Position{4, 58},
				PathArg: "__DIR__ . '/Two'", PathPos: Position{4, 70},
				Pos: Position{4, 1},
			},
		},
	},
	{
		name: "named_arguments_trailing_comma",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(\n" +
			"    path: __DIR__,\n" +
			"    componentName: 'Acme_Named',\n" +
			"    type: ComponentRegistrar::MODULE,\n" +
			");\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{6, 11},
			Name: "Acme_Named", NameArg: "'Acme_Named'", NamePos: Position{5, 20},
			PathArg: "__DIR__", PathPos: Position{4, 11},
			Pos: Position{3, 1},
		}},
	},
	{
		name: "braced_namespaces",
		src: "<?php\n" +
			"namespace Acme\\First {\n" +
			"    use Magento\\Framework\\Component\\ComponentRegistrar;\n" +
			"    ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_First', __DIR__);\n" +
			"}\n" +
			"namespace {\n" +
			"    \\Magento\\Framework\\Component\\ComponentRegistrar::register('module', 'Acme_Global', __DIR__);\n" +
			"}\n",
		want: []Registration{
			{
				Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{4, 34},
				Name: "Acme_First", NameArg: "'Acme_First'", NamePos: Position{4, 62},
				PathArg: "__DIR__", PathPos: Position{4, 76},
				Pos: Position{4, 5},
			},
			{
				Type: TypeModule, TypeArg: "'module'", TypePos: Position{7, 63},
				Name: "Acme_Global", NameArg: "'Acme_Global'", NamePos: Position{7, 73},
				PathArg: "__DIR__", PathPos: Position{7, 88},
				Pos: Position{7, 5},
			},
		},
	},
	{
		name: "trait_and_closure_use_are_not_imports",
		src: "<?php\n" + useRegistrar +
			"class Helper { use Acme\\ComponentRegistrar; }\n" +
			"$f = function () use ($x) { };\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Trait', __DIR__);\n",
		want: []Registration{{
			Type: TypeModule, TypeArg: "ComponentRegistrar::MODULE", TypePos: Position{5, 30},
			Name: "Acme_Trait", NameArg: "'Acme_Trait'", NamePos: Position{5, 58},
			PathArg: "__DIR__", PathPos: Position{5, 72},
			Pos: Position{5, 1},
		}},
	},

	// Errors.
	{
		name: "empty",
		src:  "",
		err:  "1:1: " + noCall,
	},
	{
		name: "open_tag_only",
		src:  "<?php\n",
		err:  "2:1: " + noCall,
	},
	{
		name: "no_open_tag",
		src:  "ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Text', __DIR__);\n",
		err:  "1:1: file has no <?php open tag, so PHP prints it as text; start it with <?php",
	},
	{
		name: "short_open_tag",
		src:  "<? ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Short', __DIR__);\n",
		err:  "1:1: file has no <?php open tag, so PHP prints it as text; start it with <?php",
	},
	{
		name: "only_comments_and_strings",
		src: "<?php\n" +
			"// ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Fake_Line', __DIR__);\n" +
			"echo 'ComponentRegistrar::register(ComponentRegistrar::MODULE, \"Fake_String\", __DIR__);';\n",
		err: "4:1: " + noCall,
	},
	{
		name: "close_tag_in_line_comment",
		src: "<?php\n" +
			"// ?> ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Html', __DIR__);\n",
		err: "3:1: " + noCall,
	},
	{
		name: "other_class",
		src:  "<?php\nFoo::register(Foo::MODULE, 'Acme_Foo', __DIR__);\n",
		err:  `2:1: register is called on "Foo"` + notRegistrar,
	},
	{
		name: "wrong_fully_qualified_name",
		src: "<?php\n" +
			"\\Magento\\Framework\\ComponentRegistrar::register('module', 'Acme_Fq', __DIR__);\n",
		err: `2:1: register is called on "\\Magento\\Framework\\ComponentRegistrar"` + notRegistrar,
	},
	{
		name: "variable_class",
		src:  "<?php\n$registrar::register(ComponentRegistrar::MODULE, 'Acme_Var', __DIR__);\n",
		err:  `2:1: register is called on "$registrar"` + notRegistrar,
	},
	{
		name: "global_namespace_without_use",
		src: "<?php\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Pay', __DIR__);\n",
		err: `2:1: "ComponentRegistrar" resolves to \ComponentRegistrar; ` +
			`add "use Magento\Framework\Component\ComponentRegistrar;"`,
	},
	{
		name: "namespace_without_use",
		src: "<?php\n" +
			"namespace Acme\\Pay;\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Pay', __DIR__);\n",
		err: `3:1: "ComponentRegistrar" resolves to \Acme\Pay\ComponentRegistrar; ` +
			`add "use Magento\Framework\Component\ComponentRegistrar;"`,
	},
	{
		name: "imports_end_with_namespace",
		src: "<?php\n" +
			"namespace Acme\\One;\n" +
			useRegistrar +
			"namespace Acme\\Two;\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Two', __DIR__);\n",
		err: `5:1: "ComponentRegistrar" resolves to \Acme\Two\ComponentRegistrar; ` +
			`add "use Magento\Framework\Component\ComponentRegistrar;"`,
	},
	{
		name: "wrong_count_beats_other_class",
		src: "<?php\n" + useRegistrar +
			"Foo::register('x');\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Two');\n",
		err: "4:1: ComponentRegistrar::register takes 3 arguments (type, name and path), not 2",
	},
	{
		name: "too_many_arguments",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Four', __DIR__, 1);\n",
		err: "3:1: ComponentRegistrar::register takes 3 arguments (type, name and path), not 4",
	},
	{
		name: "missing_argument",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE,, 'Acme_Gap', __DIR__);\n",
		err: "3:57: missing argument; remove the extra comma",
	},
	{
		name: "unknown_named_argument",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(kind: ComponentRegistrar::MODULE, " +
			"componentName: 'Acme_Named', path: __DIR__);\n",
		err: `3:30: unknown argument name "kind"; use type, componentName or path`,
	},
	{
		name: "positional_after_named",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(type: ComponentRegistrar::MODULE, 'Acme_Named', __DIR__);\n",
		err: "3:64: positional argument after a named one; name it or move it first",
	},
	{
		name: "argument_passed_twice",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, type: 'module', path: __DIR__);\n",
		err: "3:58: argument type is passed twice",
	},
	{
		name: "unterminated_comment",
		src: "<?php\n" + useRegistrar +
			"/* header\n" +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Hidden', __DIR__);\n",
		err: "3:1: comment is not terminated; close it with */",
	},
	{
		name: "unterminated_single_quote",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Open, __DIR__);\n",
		err: "3:58: string is not terminated; close it with '",
	},
	{
		name: "unterminated_double_quote",
		src:  "<?php\n$x = \"abc;\n",
		err:  `2:6: string is not terminated; close it with "`,
	},
	{
		name: "unterminated_heredoc",
		src:  "<?php\n$x = <<<EOT\nComponentRegistrar::register();\nEOTX\n",
		err:  `2:6: heredoc is not terminated; end it with "EOT" on a line of its own`,
	},
	{
		name: "unclosed_call",
		src: "<?php\n" + useRegistrar +
			"ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Acme_Open', __DIR__;\n",
		err: "3:29: register call is not closed; add the missing )",
	},
}

func TestParseRegistration(t *testing.T) {
	for _, tt := range registrationTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRegistration([]byte(tt.src))
			if tt.err != "" {
				var se *SyntaxError
				if err == nil || err.Error() != tt.err || !errors.As(err, &se) || got != nil {
					t.Errorf("ParseRegistration(%q) = %+v, %v, want nil, %s",
						tt.src, got, err, tt.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("ParseRegistration(%q) =\n%+v, %v\nwant\n%+v, nil",
					tt.src, got, err, tt.want)
			}
		})
	}
}

func TestPositionCursor(t *testing.T) {
	src := []byte("ab\n\ncd\nefg")

	// Offsets in increasing order, then a step back, must all agree with
	// counting from the start of the file.
	c := positionCursor{src: src}
	offsets := []int{0, 1, 2, 3, 4, 6, 7, 10, 5, 9}
	for _, off := range offsets {
		if got, want := c.position(off), positionAt(src, off); got != want {
			t.Errorf("position(%d) = %v, want %v", off, got, want)
		}
	}
}
