package composer_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/modpack/modpack/composer"
)

// obj builds an object from alternating keys and values.
func obj(kv ...composer.Value) *composer.Object {
	o := &composer.Object{}
	for i := 0; i < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

func arr(elems ...composer.Value) []composer.Value {
	return append([]composer.Value{}, elems...)
}

// decodeTests are documents Decode reads, with what it must return.
var decodeTests = []struct {
	in   string
	want composer.Value
}{
	{`{}`, obj()},
	{`[]`, arr()},
	{` null `, nil},
	{"\r\n\ttrue\n", true},
	{`false`, false},
	{`"x"`, "x"},
	{`{"b": 1, "a": 2}`, obj("b", composer.Number("1"), "a", composer.Number("2"))},
	{`[1.10, -0, 1E+2, 0.5e-3, 12345678901234567890123]`, arr(
		composer.Number("1.10"), composer.Number("-0"), composer.Number("1E+2"),
		composer.Number("0.5e-3"), composer.Number("12345678901234567890123"),
	)},
	{`{"a": {"b": [{}, [], null]}}`, obj("a", obj("b", arr(obj(), arr(), nil)))},
	{`"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t"},
	{`"\u0000\u001F\u00e9\u00E9\u2028"`, "\x00\x1f\u00e9\u00e9\u2028"},
	{`"\ud83d\ude00 \uD83D\uDE00 😀"`, "😀 😀 😀"},
	{`"\udbff\udfff"`, "\U0010FFFF"},
	{"\"\x7f\u2028\u2029\"", "\x7f\u2028\u2029"},
	{`"Acme\\Payments\\"`, `Acme\Payments\`},
	{`{"": "", "\u0000": 0}`, obj("", "", "\x00", composer.Number("0"))},
	{strings.Repeat("[", 511) + strings.Repeat("]", 511), nestedArrays(511)},
}

func nestedArrays(depth int) composer.Value {
	v := arr()
	for range depth - 1 {
		v = arr(v)
	}
	return v
}

func TestDecode(t *testing.T) {
	for _, tt := range decodeTests {
		got, err := composer.Decode([]byte(tt.in))
		if err != nil {
			t.Errorf("Decode(%q): %v", tt.in, err)
			continue
		}
		if !composer.Equal(got, tt.want) {
			t.Errorf("Decode(%q) = %s, want %s",
				tt.in, composer.Encode(got), composer.Encode(tt.want))
		}
	}
}

// decodeErrorTests are documents Decode refuses, with the error it must
// return. Composer refuses them too, except where phpAccepts says that
// PHP's json_decode reads them.
var decodeErrorTests = []struct {
	name       string
	in         string
	want       string
	phpAccepts bool
}{
	{"trailing_comma_object", `{"a": 1,}`,
		`1:8: trailing comma before "}"; remove it`, false},
	{"trailing_comma_array", "{\n    \"a\": [\n        1,\n    ]\n}",
		`3:10: trailing comma before "]"; remove it`, false},
	{"line_comment", "{\n    // the name\n    \"name\": \"a/b\"\n}",
		`2:5: comments are not allowed in JSON; remove it`, false},
	{"block_comment", `{"a": /* one */ 1}`,
		`1:7: comments are not allowed in JSON; remove it`, false},
	{"comment_after_value", "{}\n/* end */",
		`2:1: comments are not allowed in JSON; remove it`, false},
	{"duplicate_key", "{\n    \"require\": {},\n    \"require\": {}\n}",
		`3:5: duplicate key "require" (also at line 2, col 5); keep one of them`, true},
	{"duplicate_key_nested",
		"{\n    \"require\": {\n        \"php\": \"^8.1\",\n" +
			"        \"php\": \"^8.2\"\n    }\n}",
		`4:9: duplicate key "php" (also at line 3, col 9); keep one of them`, true},
	{"invalid_utf8", "{\"a\": \"M\xfcller\"}",
		`1:9: invalid UTF-8; save the file as UTF-8`, false},
	{"invalid_utf8_outside_string", "{}\n\xc3",
		`2:1: invalid UTF-8; save the file as UTF-8`, false},
	{"byte_order_mark", "\uFEFF{}",
		`1:1: byte order mark at start of file; save the file as UTF-8 without BOM`, false},
	{"unterminated_string", `{"a": "b`,
		`1:7: unterminated string; add the closing quote`, false},
	{"unterminated_string_escape", `"ab\`,
		`1:1: unterminated string; add the closing quote`, false},
	{"line_break_in_string", "{\"a\": \"b\n}",
		`1:9: line break in string; add the missing closing quote or write \n`, false},
	{"tab_in_string", "[\"a\tb\"]",
		`1:4: tab in string; write it as \t`, false},
	{"control_in_string", "[\"\x1b[0m\"]",
		`1:3: control character U+001B in string; write it as \u001b`, false},
	{"bare_word", `{"a": yes}`,
		`1:7: unexpected word "yes"; put strings in double quotes`, false},
	{"capital_literal", `[True]`,
		`1:2: invalid literal "True"; write "true"`, false},
	{"not_a_literal", `[nil]`,
		`1:2: unexpected word "nil"; put strings in double quotes`, false},
	{"literal_prefix", `[nullable]`,
		`1:2: unexpected word "nullable"; put strings in double quotes`, false},
	{"unquoted_key", `{name: "a/b"}`,
		`1:2: unquoted key "name"; put it in double quotes`, false},
	{"single_quotes", `{'name': 'a/b'}`,
		`1:2: single quotes are not allowed in JSON; use double quotes`, false},
	{"curly_quotes", `{"name": “a/b”}`,
		`1:10: unexpected "“"; use straight double quotes (")`, false},
	{"two_documents", "{}\n{}",
		`2:1: unexpected "{" after the end of the value; a document holds one value`, false},
	{"extra_bracket", `{"a": []}}`,
		`1:10: unexpected "}" after the end of the value; a document holds one value`, false},
	{"empty", ``,
		`1:1: empty document; a composer.json holds at least {}`, false},
	{"only_space", "\n  ",
		`2:3: empty document; a composer.json holds at least {}`, false},
	{"too_deep", strings.Repeat("[", 512) + strings.Repeat("]", 512),
		`1:512: more than 511 nested arrays and objects; PHP cannot read this`, false},
	{"too_deep_objects", strings.Repeat(`{"a":`, 512) + "1" + strings.Repeat("}", 512),
		`1:2556: more than 511 nested arrays and objects; PHP cannot read this`, false},
	{"missing_colon", `{"a" 1}`,
		`1:6: missing ":" after key "a"`, false},
	{"missing_comma_object", `{"a": 1 "b": 2}`,
		`1:9: missing "," before the next key`, false},
	{"missing_comma_array", "[\n    \"a\"\n    \"b\"\n]",
		`3:5: missing "," before the next value`, false},
	{"not_closed", "{\n    \"a\": [1,",
		`2:13: unexpected end of input; the "[" at line 2, col 10 is not closed`, false},
	{"not_closed_after_key", `{"a"`,
		`1:5: unexpected end of input; the "{" at line 1, col 1 is not closed`, false},
	{"single_backslash", `{"Acme\Foo\\": ""}`,
		`1:7: invalid escape "\F"; write a backslash as \\`, false},
	{"short_unicode_escape", `["\u12"]`,
		`1:3: invalid escape; \u takes four hex digits`, false},
	{"unpaired_high_surrogate", `["\ud83d"]`,
		`1:3: unpaired UTF-16 surrogate \ud83d; escape both halves of the pair, ` +
			`or write the character itself`, false},
	{"unpaired_low_surrogate", `["x\uDE00\ud83d"]`,
		`1:4: unpaired UTF-16 surrogate \uDE00; escape both halves of the pair, ` +
			`or write the character itself`, false},
	{"high_surrogate_before_letter", `["\ud83d\u0041"]`,
		`1:3: unpaired UTF-16 surrogate \ud83d; escape both halves of the pair, ` +
			`or write the character itself`, false},
	{"leading_zero", `[01]`, `1:2: invalid number "01"`, false},
	{"no_fraction_digits", `[1.]`, `1:2: invalid number "1."`, false},
	{"no_integer_digits", `[.5]`, `1:2: invalid number ".5"`, false},
	{"plus_sign", `[+1]`, `1:2: invalid number "+1"`, false},
	{"no_exponent_digits", `[1e+]`, `1:2: invalid number "1e+"`, false},
	{"minus_only", `[-]`, `1:2: invalid number "-"`, false},
	{"hex_number", `[0x1F]`, `1:2: invalid number "0x1F"`, false},
	{"long_word", "[" + strings.Repeat("x", 50) + "]",
		`1:2: unexpected word "` + strings.Repeat("x", 40) +
			`..."; put strings in double quotes`, false},
	{"unexpected_character", `{"a": @}`,
		`1:7: unexpected "@"; expected a value`, false},
	{"leading_comma", `{,}`,
		`1:2: unexpected ","; expected a key in double quotes`, false},
	{"colon_in_array", `["a": 1]`,
		`1:5: unexpected ":"; expected "," or "]"`, false},
	{"form_feed_space", "\f{}",
		`1:1: unexpected "\f"; expected a value`, false},
}

func TestDecodeErrors(t *testing.T) {
	for _, tt := range decodeErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := composer.Decode([]byte(tt.in))
			var se *composer.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Decode(%q) = %v, %v; want a *SyntaxError", tt.in, v, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Decode(%q) error:\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestDecodeHuge checks that Decode fails cleanly far past the depth
// limit, where a recursive parser without one would exhaust the stack.
func TestDecodeHuge(t *testing.T) {
	huge := strings.Repeat(`{"a":[`, 1_000_000)
	if _, err := composer.Decode([]byte(huge)); err == nil {
		t.Errorf("Decode(2,000,000 nested values) succeeded")
	}
}

func TestEncode(t *testing.T) {
	tests := []struct {
		name string
		in   composer.Value
		want string
	}{
		{"null", nil, "null\n"},
		{"true", true, "true\n"},
		{"false", false, "false\n"},
		{"number_text_kept", composer.Number("1.10"), "1.10\n"},
		{"number_exponent_kept", composer.Number("-1E+2"), "-1E+2\n"},
		{"empty_string", "", `""` + "\n"},
		{"empty_object", obj(), "{}\n"},
		{"nil_object", (*composer.Object)(nil), "{}\n"},
		{"empty_array", arr(), "[]\n"},
		{"nil_array", []composer.Value(nil), "[]\n"},
		{"one_member", obj("a", true), "{\n    \"a\": true\n}\n"},
		{"key_order_kept", obj("z", nil, "a", nil),
			"{\n    \"z\": null,\n    \"a\": null\n}\n"},
		{"array", arr("a", composer.Number("1")),
			"[\n    \"a\",\n    1\n]\n"},
		{"nested",
			obj("a", obj("b", arr(obj(), arr(), arr(arr(nil))))),
			`{
    "a": {
        "b": [
            {},
            [],
            [
                [
                    null
                ]
            ]
        ]
    }
}
`},
		{"quote_and_backslash", `say "hi" \o/`, `"say \"hi\" \\o/"` + "\n"},
		{"short_escapes", "\b\f\n\r\t", `"\b\f\n\r\t"` + "\n"},
		{"other_controls_lowercase_hex", "\x00\x01\x1b\x1f", `"\u0000\u0001\u001b\u001f"` + "\n"},
		{"delete_unescaped", "\x7f", "\"\x7f\"\n"},
		{"slash_unescaped", "https://a.example/b/", `"https://a.example/b/"` + "\n"},
		{"html_unescaped", "</script>&<>'", `"</script>&<>'"` + "\n"},
		{"unicode_unescaped", "Müller — ü 😀 \u00a0", "\"Müller — ü 😀 \u00a0\"\n"},
		{"line_terminators_escaped", "a\u2028b\u2029c", `"a\u2028b\u2029c"` + "\n"},
		{"invalid_utf8_replaced", "a\xffb\xe2\x80", "\"a\uFFFDb\uFFFD\uFFFD\"\n"},
		{"key_escaped", obj("a\"\n\u2028", nil), "{\n    \"a\\\"\\n\\u2028\": null\n}\n"},
	}
	for _, tt := range tests {
		if got := string(composer.Encode(tt.in)); got != tt.want {
			t.Errorf("Encode(%s):\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestEncodePanics(t *testing.T) {
	tests := []composer.Value{
		42,
		map[string]composer.Value{},
		[]string{"a"},
		composer.Number("01"),
		composer.Number(""),
		arr(obj("a", composer.Number("NaN"))),
	}
	for _, v := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Encode(%#v) did not panic", v)
				}
			}()
			composer.Encode(v)
		}()
	}
}

func goldenFiles(t testing.TB) []string {
	files, err := filepath.Glob("testdata/json/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files in testdata/json: %v", err)
	}
	return files
}

// TestRoundTrip checks that files in Composer's format come out of
// Decode and Encode unchanged, byte for byte.
func TestRoundTrip(t *testing.T) {
	for _, file := range goldenFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			v, err := composer.Decode(want)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if got := composer.Encode(v); !bytes.Equal(got, want) {
				t.Errorf("Encode(Decode(%s)) differs: %s", file, firstDiff(got, want))
			}
		})
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	gotLines := strings.SplitAfter(string(got), "\n")
	wantLines := strings.SplitAfter(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, g, w)
		}
	}
	return "no line differs"
}

func TestObject(t *testing.T) {
	var o composer.Object
	o.Set("name", "acme/module-a")
	o.Set("type", "magento2-module")
	o.Set("license", "MIT")
	o.Set("name", "acme/module-b")
	checkKeys(t, &o, "name", "type", "license")
	if v, ok := o.Get("name"); !ok || v != "acme/module-b" {
		t.Errorf("Get(%q) = %v, %v, want %q, true", "name", v, ok, "acme/module-b")
	}
	if v, ok := o.Get("version"); ok || v != nil {
		t.Errorf("Get(%q) = %v, %v, want nil, false", "version", v, ok)
	}

	o.SetAfter("require", obj(), "description", "license", "name")
	checkKeys(t, &o, "name", "type", "license", "require")
	o.SetAfter("description", "Says hello", "name")
	checkKeys(t, &o, "name", "description", "type", "license", "require")
	o.SetAfter("autoload", obj(), "autoload-dev")
	checkKeys(t, &o, "name", "description", "type", "license", "require", "autoload")
	o.SetAfter("type", "library", "autoload")
	checkKeys(t, &o, "name", "description", "type", "license", "require", "autoload")
	if v, _ := o.Get("type"); v != "library" {
		t.Errorf("after SetAfter, Get(%q) = %v, want %q", "type", v, "library")
	}

	if !o.Delete("description") {
		t.Errorf("Delete(%q) = false, want true", "description")
	}
	if o.Delete("description") {
		t.Errorf("second Delete(%q) = true, want false", "description")
	}
	checkKeys(t, &o, "name", "type", "license", "require", "autoload")

	keys := o.Keys()
	keys[0] = "changed"
	checkKeys(t, &o, "name", "type", "license", "require", "autoload")
}

func checkKeys(t *testing.T, o *composer.Object, want ...string) {
	t.Helper()
	if got := o.Keys(); !slices.Equal(got, want) {
		t.Errorf("Keys() = %q, want %q", got, want)
	}
	if got := o.Len(); got != len(want) {
		t.Errorf("Len() = %d, want %d", got, len(want))
	}
}

func TestNilObject(t *testing.T) {
	var o *composer.Object
	if v, ok := o.Get("a"); ok || v != nil {
		t.Errorf("nil Get = %v, %v, want nil, false", v, ok)
	}
	if o.Len() != 0 || o.Keys() != nil || o.Clone() != nil {
		t.Errorf("nil object: Len = %d, Keys = %q, Clone = %v", o.Len(), o.Keys(), o.Clone())
	}
}

func TestClone(t *testing.T) {
	orig := obj(
		"require", obj("php", "^8.1"),
		"keywords", arr("magento", arr("nested")),
		"extra", nil,
	)
	c := orig.Clone()
	if !composer.Equal(c, orig) {
		t.Fatalf("Clone() = %s, want %s", composer.Encode(c), composer.Encode(orig))
	}
	before := composer.Encode(orig)

	req, _ := c.Get("require")
	req.(*composer.Object).Set("php", "^8.2")
	kw, _ := c.Get("keywords")
	kw.([]composer.Value)[1].([]composer.Value)[0] = "changed"
	c.Set("extra", obj())
	c.Delete("keywords")

	if after := composer.Encode(orig); !bytes.Equal(after, before) {
		t.Errorf("changing the clone changed the original:\n%s", after)
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b composer.Value
		want bool
	}{
		{nil, nil, true},
		{nil, false, false},
		{true, true, true},
		{true, false, false},
		{"a", "a", true},
		{"a", composer.Number("1"), false},
		{composer.Number("1"), composer.Number("1"), true},
		{composer.Number("1"), composer.Number("1.0"), false},
		{obj(), obj(), true},
		{obj(), (*composer.Object)(nil), true},
		{(*composer.Object)(nil), nil, false},
		{arr(), []composer.Value(nil), true},
		{arr(), obj(), false},
		{obj("a", nil, "b", nil), obj("a", nil, "b", nil), true},
		{obj("a", nil, "b", nil), obj("b", nil, "a", nil), false},
		{obj("a", nil), obj("a", nil, "b", nil), false},
		{obj("a", arr("x")), obj("a", arr("y")), false},
		{obj("a", arr("x", obj())), obj("a", arr("x", obj())), true},
		{arr("x", "y"), arr("y", "x"), false},
		{42, 42, false},
	}
	for _, tt := range tests {
		if got := composer.Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%#v, %#v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := composer.Equal(tt.b, tt.a); got != tt.want {
			t.Errorf("Equal(%#v, %#v) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

// phpEncode is Composer's way of rewriting a JSON document.
const phpEncode = `echo json_encode(json_decode(file_get_contents("php://stdin")),
	JSON_PRETTY_PRINT|JSON_UNESCAPED_SLASHES|JSON_UNESCAPED_UNICODE), "\n";`

// lookPHP returns the path of the php binary. Without one it skips t,
// unless the CI variable is set: CI must run the cross-checks.
func lookPHP(t *testing.T) string {
	t.Helper()
	php, err := exec.LookPath("php")
	if err == nil {
		return php
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("php is needed to check against PHP's JSON: %v", err)
	}
	t.Skipf("skipping: %v (scripts/test installs php)", err)
	return ""
}

func runPHP(t *testing.T, php, code string, stdin []byte) []byte {
	t.Helper()
	cmd := exec.Command(php, "-r", code)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("php: %v\n%s", err, stderr.Bytes())
	}
	return out
}

// TestEncodeMatchesPHP checks that Encode writes what Composer would.
func TestEncodeMatchesPHP(t *testing.T) {
	php := lookPHP(t)

	inputs := map[string][]byte{}
	for _, file := range goldenFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(file)] = data
	}

	// Documents in other layouts and with other escapes than Composer's.
	inputs["compact"] = []byte(`{"a":[1,{},[]],"b":{"c":{"d":[true,false,null]}}}`)
	inputs["escaped_unicode"] = []byte(`["\u00fc\u00DF\ud83d\ude00\u2028\u0041\/"]`)
	inputs["raw_line_terminators"] = []byte("[\"a\u2028b\u2029c\"]")
	inputs["scalar"] = []byte(` "top" `)

	tricky := []string{
		"\x00\x01\x08\x0b\x0e\x1b\x1f\x7f",
		"\b\f\n\r\t",
		"\u2028\u2029",
		"😀 \U0010FFFF \uFFFD \u200b \u00a0",
		`"quotes" and \backslashes\ \\`,
		"</script><script>alert('x')</script>",
		"https://repo.magento.com/archives/a/b.zip",
		"Müller — ü",
		`Acme\Payments\`,
	}
	for i, s := range tricky {
		// PHP refuses object keys that start with NUL, so prefix them.
		doc := obj("k"+s, arr(s, obj("k", s)))
		inputs[fmt.Sprintf("tricky_%d", i)] = composer.Encode(doc)
	}

	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			v, err := composer.Decode(in)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			got := composer.Encode(v)
			want := runPHP(t, php, phpEncode, in)
			if !bytes.Equal(got, want) {
				t.Errorf("Encode differs from PHP: %s", firstDiff(got, want))
			}
		})
	}
}

// TestDecodeMatchesPHP checks that PHP's json_decode, as Composer calls
// it, reads the documents Decode reads and refuses those Decode refuses,
// so that modpack is stricter than Composer only on purpose.
func TestDecodeMatchesPHP(t *testing.T) {
	php := lookPHP(t)

	// Send every document at once, one base64 line each, and read back
	// one line each: "ok" or PHP's error message.
	var docs []string
	for _, tt := range decodeTests {
		docs = append(docs, tt.in)
	}
	for _, tt := range decodeErrorTests {
		docs = append(docs, tt.in)
	}
	var stdin bytes.Buffer
	for _, doc := range docs {
		stdin.WriteString(base64.StdEncoding.EncodeToString([]byte(doc)) + "\n")
	}
	const code = `while (($line = fgets(STDIN)) !== false) {
		json_decode(base64_decode(trim($line)), true);
		echo json_last_error() === JSON_ERROR_NONE ? "ok" : json_last_error_msg(), "\n";
	}`
	out := string(runPHP(t, php, code, stdin.Bytes()))
	results := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(results) != len(docs) {
		t.Fatalf("php printed %d lines for %d documents", len(results), len(docs))
	}

	for i, tt := range decodeTests {
		if results[i] != "ok" {
			t.Errorf("PHP refuses %q: %s", tt.in, results[i])
		}
	}
	for i, tt := range decodeErrorTests {
		result := results[len(decodeTests)+i]
		if accepted := result == "ok"; accepted != tt.phpAccepts {
			t.Errorf("%s: PHP's json_decode(%q): %s; want accepted = %v",
				tt.name, tt.in, result, tt.phpAccepts)
		}
	}
}

// stricterThanStd reports whether Decode refused a document with msg
// for a reason that encoding/json does not check.
func stricterThanStd(msg string) bool {
	for _, reason := range []string{
		"duplicate key", "invalid UTF-8", "unpaired UTF-16 surrogate",
		"nested arrays and objects",
	} {
		if strings.Contains(msg, reason) {
			return true
		}
	}
	return false
}

// unordered converts v to what encoding/json decodes into an any.
func unordered(v composer.Value) any {
	switch v := v.(type) {
	case *composer.Object:
		m := map[string]any{}
		for _, k := range v.Keys() {
			elem, _ := v.Get(k)
			m[k] = unordered(elem)
		}
		return m
	case []composer.Value:
		s := []any{}
		for _, elem := range v {
			s = append(s, unordered(elem))
		}
		return s
	case composer.Number:
		return json.Number(v)
	}
	return v
}

func FuzzDecode(f *testing.F) {
	for _, file := range goldenFiles(f) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		// Decode must refuse what encoding/json refuses, and may refuse
		// more only for the reasons its documentation gives.
		v, err := composer.Decode(data)
		if err != nil {
			var se *composer.SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || se.Col < 1 {
				t.Fatalf("Decode(%q) error = %#v, want a *SyntaxError with a position", data, err)
			}
			if json.Valid(data) && !stricterThanStd(se.Msg) {
				t.Fatalf("Decode(%q): %v, but encoding/json reads it", data, err)
			}
			return
		}
		var std any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&std); err != nil {
			t.Fatalf("Decode(%q) succeeded, but encoding/json: %v", data, err)
		}
		if !reflect.DeepEqual(unordered(v), std) {
			t.Fatalf("Decode(%q) = %#v, encoding/json read %#v", data, unordered(v), std)
		}

		enc := composer.Encode(v)
		v2, err := composer.Decode(enc)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(%q))): %v\nEncode wrote:\n%s", data, err, enc)
		}
		if !composer.Equal(v, v2) {
			t.Fatalf("Decode(Encode(v)) != v for %q\nEncode wrote:\n%s", data, enc)
		}
		if enc2 := composer.Encode(v2); !bytes.Equal(enc2, enc) {
			t.Fatalf("Encode is not stable for %q: %s", data, firstDiff(enc2, enc))
		}
	})
}
