// Package composer reads, writes and checks the composer.json files of
// Magento components.
//
// modpack edits files that people maintain by hand, so it reads them
// into a document model that keeps every key, in order, and writes them
// back the way Composer itself does: a file Composer wrote comes back
// byte for byte when nothing changed.
package composer

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A Value is a JSON value that remembers the order of object keys. It is
// one of *Object, []Value (an array), string, Number, bool or nil (null).
type Value any

// A Number is a JSON number as it was written, so that "1.10" or "1e3"
// is written back unchanged.
type Number string

// An Object is a JSON object whose keys keep their order. The zero value
// is an empty object ready to use; a nil *Object reads as empty.
type Object struct {
	keys   []string
	values map[string]Value
}

// Get returns the value of key and reports whether o has key.
func (o *Object) Get(key string) (Value, bool) {
	if o == nil {
		return nil, false
	}
	v, ok := o.values[key]
	return v, ok
}

// Set sets the value of key. A key o already has keeps its place;
// a new key goes at the end.
func (o *Object) Set(key string, v Value) {
	if o.values == nil {
		o.values = make(map[string]Value)
	}
	if _, ok := o.values[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.values[key] = v
}

// SetAfter is like Set, but places a new key right after the first key
// of after that o has, and only at the end when o has none of them:
//
//	o.SetAfter("require", req, "license", "description", "name")
func (o *Object) SetAfter(key string, v Value, after ...string) {
	if _, ok := o.values[key]; ok {
		o.values[key] = v
		return
	}
	for _, a := range after {
		if i := slices.Index(o.keys, a); i >= 0 {
			o.keys = slices.Insert(o.keys, i+1, key)
			o.values[key] = v
			return
		}
	}
	o.Set(key, v)
}

// Delete removes key from o and reports whether o had it.
func (o *Object) Delete(key string) bool {
	i := slices.Index(o.keys, key)
	if i < 0 {
		return false
	}
	o.keys = slices.Delete(o.keys, i, i+1)
	delete(o.values, key)
	return true
}

// Keys returns the keys of o in order.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	return slices.Clone(o.keys)
}

// Len returns the number of keys in o.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
}

// Clone returns a deep copy of o: changing one never changes the other.
func (o *Object) Clone() *Object {
	if o == nil {
		return nil
	}
	c := &Object{
		keys:   slices.Clone(o.keys),
		values: make(map[string]Value, len(o.keys)),
	}
	for k, v := range o.values {
		c.values[k] = cloneValue(v)
	}
	return c
}

func cloneValue(v Value) Value {
	switch v := v.(type) {
	case *Object:
		return v.Clone()
	case []Value:
		if v == nil {
			return v
		}
		c := make([]Value, len(v))
		for i, elem := range v {
			c[i] = cloneValue(elem)
		}
		return c
	}
	return v
}

// Equal reports whether a and b are the same JSON value, keys in the
// same order. Numbers are equal when their text is, so Equal is true
// exactly when [Encode] writes the same bytes for a and b; a nil *Object
// equals an empty one, and a nil []Value an empty one. Values of types
// that are not a [Value] are never equal.
func Equal(a, b Value) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case *Object:
		b, ok := b.(*Object)
		if !ok || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			k := a.keys[i]
			if b.keys[i] != k || !Equal(a.values[k], b.values[k]) {
				return false
			}
		}
		return true
	case []Value:
		b, ok := b.([]Value)
		return ok && slices.EqualFunc(a, b, Equal)
	case string:
		b, ok := b.(string)
		return ok && a == b
	case Number:
		b, ok := b.(Number)
		return ok && a == b
	case bool:
		b, ok := b.(bool)
		return ok && a == b
	}
	return false
}

// A SyntaxError is a reason Decode refused a document, at a 1-based
// line and byte column.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// maxDepth is PHP's default json_decode depth. PHP counts the level
// inside the innermost array or object too, so it reads at most
// maxDepth-1 nested arrays and objects.
const maxDepth = 512

// Decode reads data, which must hold one JSON value, as Composer would
// read it. Objects become *Object and numbers Number. Decode refuses,
// with a *SyntaxError that says where and, if it can, how to fix it:
//   - anything that is not strict JSON (RFC 8259), such as comments,
//     trailing commas, single quotes or a second value;
//   - bytes that are not UTF-8, a byte order mark, and \u escapes
//     of one half of a UTF-16 surrogate pair;
//   - more than 511 arrays and objects nested in each other;
//   - a key that appears twice in one object.
//
// Composer refuses all of these but the last, where PHP keeps the last
// value without a word; modpack refuses it so that no setting is lost.
func Decode(data []byte) (Value, error) {
	d := &decoder{data: data}

	// Check the encoding first: the scanner below can then take any
	// non-ASCII byte as part of a valid character.
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		return nil, d.errorf(0,
			"byte order mark at start of file; save the file as UTF-8 without BOM")
	}
	if !utf8.Valid(data) {
		return nil, d.errorf(firstInvalidUTF8(data),
			"invalid UTF-8; save the file as UTF-8")
	}

	d.skipSpace()
	if d.pos == len(data) {
		return nil, d.errorf(d.pos, "empty document; a composer.json holds at least {}")
	}
	v, err := d.value()
	if err != nil {
		return nil, err
	}

	d.skipSpace()
	if d.pos < len(data) {
		if d.atComment() {
			return nil, d.unexpected("end of input")
		}
		return nil, d.errorf(d.pos,
			"unexpected %s after the end of the value; a document holds one value",
			d.describe())
	}
	return v, nil
}

func firstInvalidUTF8(data []byte) int {
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		off += size
	}
	return off
}

type decoder struct {
	data []byte
	pos  int
	open []int // offsets of the arrays and objects being read
}

func (d *decoder) errorf(off int, format string, args ...any) error {
	line, col := d.lineCol(off)
	return &SyntaxError{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

func (d *decoder) lineCol(off int) (line, col int) {
	line = 1 + bytes.Count(d.data[:off], []byte("\n"))
	lineStart := bytes.LastIndexByte(d.data[:off], '\n') + 1
	return line, off - lineStart + 1
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) atComment() bool {
	rest := d.data[d.pos:]
	return bytes.HasPrefix(rest, []byte("//")) || bytes.HasPrefix(rest, []byte("/*"))
}

// describe names what is at d.pos for an error message: a whole word or
// number, or else one character.
func (d *decoder) describe() string {
	if d.pos == len(d.data) {
		return "end of input"
	}
	if word := d.word(); word != "" {
		return strconv.Quote(clip(word))
	}
	r, _ := utf8.DecodeRune(d.data[d.pos:])
	return strconv.Quote(string(r))
}

// word returns the run of letters, digits and number punctuation at
// d.pos, which is a literal, a number or a word missing its quotes.
func (d *decoder) word() string {
	end := d.pos
	for end < len(d.data) && isWordByte(d.data[end]) {
		end++
	}
	return string(d.data[d.pos:end])
}

// clip shortens a word for an error message.
func clip(word string) string {
	const maxShown = 40
	if len(word) > maxShown {
		return word[:maxShown] + "..."
	}
	return word
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' ||
		'0' <= c && c <= '9' || c == '_' || c == '-' || c == '+' || c == '.'
}

// unexpected returns the error for what is at d.pos where the grammar
// wants what want describes.
func (d *decoder) unexpected(want string) error {
	if d.pos == len(d.data) && len(d.open) > 0 {
		open := d.open[len(d.open)-1]
		line, col := d.lineCol(open)
		return d.errorf(d.pos,
			"unexpected end of input; the %q at line %d, col %d is not closed",
			d.data[open:open+1], line, col)
	}
	if d.atComment() {
		return d.errorf(d.pos, "comments are not allowed in JSON; remove it")
	}
	if d.pos < len(d.data) {
		switch r, _ := utf8.DecodeRune(d.data[d.pos:]); r {
		case '\'':
			return d.errorf(d.pos,
				"single quotes are not allowed in JSON; use double quotes")
		case '“', '”':
			return d.errorf(d.pos, "unexpected %q; use straight double quotes (\")",
				string(r))
		}
	}
	return d.errorf(d.pos, "unexpected %s; expected %s", d.describe(), want)
}

func (d *decoder) value() (Value, error) {
	if d.pos == len(d.data) {
		return nil, d.unexpected("a value")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '"':
		s, err := d.string()
		if err != nil {
			return nil, err
		}
		return s, nil
	case c == '-' || c == '+' || c == '.' || '0' <= c && c <= '9':
		return d.number()
	case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		return d.literal()
	}
	return nil, d.unexpected("a value")
}

func (d *decoder) literal() (Value, error) {
	word := d.word()
	switch word {
	case "true":
		d.pos += len(word)
		return true, nil
	case "false":
		d.pos += len(word)
		return false, nil
	case "null":
		d.pos += len(word)
		return nil, nil
	}
	switch lower := strings.ToLower(word); lower {
	case "true", "false", "null":
		return nil, d.errorf(d.pos, "invalid literal %q; write %q", word, lower)
	}
	return nil, d.errorf(d.pos,
		"unexpected word %q; put strings in double quotes", clip(word))
}

func (d *decoder) number() (Value, error) {
	word := d.word()
	if !isNumber(word) {
		return nil, d.errorf(d.pos, "invalid number %q", clip(word))
	}
	d.pos += len(word)
	return Number(word), nil
}

// isNumber reports whether s is a number in JSON's grammar:
// -? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?
func isNumber(s string) bool {
	digits := func(i int) int {
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i
	}

	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		i = digits(i)
	default:
		return false
	}

	if i < len(s) && s[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return false
		}
		i = j
	}

	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

// enter records that an array or object starts at d.pos.
func (d *decoder) enter() error {
	if len(d.open)+1 >= maxDepth {
		return d.errorf(d.pos,
			"more than %d nested arrays and objects; PHP cannot read this",
			maxDepth-1)
	}
	d.open = append(d.open, d.pos)
	d.pos++
	return nil
}

func (d *decoder) leave() {
	d.open = d.open[:len(d.open)-1]
	d.pos++
}

func (d *decoder) object() (Value, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	o := &Object{values: make(map[string]Value)}
	var keyOffsets []int

	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.leave()
		return o, nil
	}
	for {
		// Read the key, which must be new to o.
		keyStart := d.pos
		if d.pos < len(d.data) && isWordByte(d.data[d.pos]) {
			return nil, d.errorf(d.pos,
				"unquoted key %q; put it in double quotes", clip(d.word()))
		}
		if d.pos == len(d.data) || d.data[d.pos] != '"' {
			return nil, d.unexpected("a key in double quotes")
		}
		key, err := d.string()
		if err != nil {
			return nil, err
		}
		if _, dup := o.values[key]; dup {
			i := slices.Index(o.keys, key)
			line, col := d.lineCol(keyOffsets[i])
			return nil, d.errorf(keyStart,
				"duplicate key %q (also at line %d, col %d); keep one of them",
				key, line, col)
		}

		// Read the colon and the value.
		d.skipSpace()
		if d.pos == len(d.data) || d.data[d.pos] != ':' {
			if d.pos < len(d.data) && !d.atComment() {
				return nil, d.errorf(d.pos, `missing ":" after key %q`, key)
			}
			return nil, d.unexpected(`":"`)
		}
		d.pos++
		d.skipSpace()
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		o.keys = append(o.keys, key)
		o.values[key] = v
		keyOffsets = append(keyOffsets, keyStart)

		// Read what comes next: the end, or a comma and another key.
		d.skipSpace()
		if d.pos < len(d.data) && d.data[d.pos] == '}' {
			d.leave()
			return o, nil
		}
		if d.pos < len(d.data) && d.data[d.pos] == '"' {
			return nil, d.errorf(d.pos, `missing "," before the next key`)
		}
		if d.pos == len(d.data) || d.data[d.pos] != ',' {
			return nil, d.unexpected(`"," or "}"`)
		}
		comma := d.pos
		d.pos++
		d.skipSpace()
		if d.pos < len(d.data) && d.data[d.pos] == '}' {
			return nil, d.errorf(comma, `trailing comma before "}"; remove it`)
		}
	}
}

func (d *decoder) array() (Value, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	a := []Value{}

	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.leave()
		return a, nil
	}
	for {
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)

		// Read what comes next: the end, or a comma and another value.
		d.skipSpace()
		if d.pos < len(d.data) && d.data[d.pos] == ']' {
			d.leave()
			return a, nil
		}
		if d.pos < len(d.data) && startsValue(d.data[d.pos]) {
			return nil, d.errorf(d.pos, `missing "," before the next value`)
		}
		if d.pos == len(d.data) || d.data[d.pos] != ',' {
			return nil, d.unexpected(`"," or "]"`)
		}
		comma := d.pos
		d.pos++
		d.skipSpace()
		if d.pos < len(d.data) && d.data[d.pos] == ']' {
			return nil, d.errorf(comma, `trailing comma before "]"; remove it`)
		}
	}
}

func startsValue(c byte) bool {
	return c == '"' || c == '{' || c == '[' || isWordByte(c)
}

// string reads the string whose opening quote is at d.pos.
func (d *decoder) string() (string, error) {
	start := d.pos
	d.pos++

	// Most strings have no escapes and are their own bytes.
	end := d.pos
	for end < len(d.data) && d.data[end] != '"' && d.data[end] != '\\' &&
		d.data[end] >= 0x20 {
		end++
	}
	if end < len(d.data) && d.data[end] == '"' {
		s := string(d.data[d.pos:end])
		d.pos = end + 1
		return s, nil
	}

	buf := slices.Clone(d.data[d.pos:end])
	d.pos = end
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(buf), nil
		case c == '\\':
			var err error
			if buf, err = d.escape(buf); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", d.controlError(c)
		default:
			buf = append(buf, c)
			d.pos++
		}
	}
	return "", d.errorf(start, "unterminated string; add the closing quote")
}

func (d *decoder) controlError(c byte) error {
	switch c {
	case '\n', '\r':
		return d.errorf(d.pos,
			`line break in string; add the missing closing quote or write \n`)
	case '\t':
		return d.errorf(d.pos, `tab in string; write it as \t`)
	}
	return d.errorf(d.pos,
		`control character U+%04X in string; write it as \u%04x`, c, c)
}

// unescapes maps the letter of each two-character escape to the byte
// it stands for.
var unescapes = map[byte]byte{
	'"': '"', '\\': '\\', '/': '/',
	'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t',
}

// escape appends to buf what the escape sequence at d.pos stands for.
func (d *decoder) escape(buf []byte) ([]byte, error) {
	start := d.pos
	if start+1 == len(d.data) {
		// Let the caller report the string as unterminated.
		d.pos++
		return buf, nil
	}
	c := d.data[start+1]
	if c != 'u' {
		unescaped, ok := unescapes[c]
		if !ok {
			r, _ := utf8.DecodeRune(d.data[start+1:])
			return nil, d.errorf(start,
				`invalid escape "\%c"; write a backslash as \\`, r)
		}
		d.pos += 2
		return append(buf, unescaped), nil
	}

	r, ok := d.hex4(start)
	if !ok {
		return nil, d.errorf(start, `invalid escape; \u takes four hex digits`)
	}
	d.pos += 6
	if !utf16.IsSurrogate(r) {
		return utf8.AppendRune(buf, r), nil
	}

	// A surrogate must be the first half of a pair whose second half
	// follows at once. PHP refuses a lone half, and so do we.
	low, ok := d.hex4(d.pos)
	if r < 0xDC00 && ok {
		if pair := utf16.DecodeRune(r, low); pair != utf8.RuneError {
			d.pos += 6
			return utf8.AppendRune(buf, pair), nil
		}
	}
	return nil, d.errorf(start,
		"unpaired UTF-16 surrogate %s; escape both halves of the pair, "+
			"or write the character itself", d.data[start:start+6])
}

// hex4 returns the code unit of the \uXXXX escape at off.
func (d *decoder) hex4(off int) (rune, bool) {
	if off+6 > len(d.data) || d.data[off] != '\\' || d.data[off+1] != 'u' {
		return 0, false
	}
	n, err := strconv.ParseUint(string(d.data[off+2:off+6]), 16, 16)
	return rune(n), err == nil
}

// Encode returns v as Composer writes a composer.json: PHP's json_encode
// with JSON_PRETTY_PRINT, JSON_UNESCAPED_SLASHES and
// JSON_UNESCAPED_UNICODE, and a final newline. That is:
//   - each member and element on a line of its own, indented by four
//     spaces a level, "key": value, and {} and [] when empty;
//   - strings with only ", \, control characters, U+2028 and U+2029
//     escaped, and invalid UTF-8 replaced by U+FFFD;
//   - numbers written as their Number text.
//
// A nil *Object is written as {}. Encode panics if v holds a type that
// is not a [Value] or a Number that is not a JSON number.
func Encode(v Value) []byte {
	var buf []byte
	buf = appendValue(buf, v, 0)
	return append(buf, '\n')
}

const indent = "    "

func appendValue(buf []byte, v Value, depth int) []byte {
	switch v := v.(type) {
	case nil:
		return append(buf, "null"...)
	case bool:
		return strconv.AppendBool(buf, v)
	case string:
		return appendString(buf, v)
	case Number:
		if !isNumber(string(v)) {
			panic(fmt.Sprintf("composer: Encode of invalid Number %q", v))
		}
		return append(buf, v...)
	case *Object:
		if v.Len() == 0 {
			return append(buf, "{}"...)
		}
		buf = append(buf, '{')
		for i, k := range v.keys {
			buf = appendSeparator(buf, i, depth+1)
			buf = appendString(buf, k)
			buf = append(buf, ": "...)
			buf = appendValue(buf, v.values[k], depth+1)
		}
		return appendClose(buf, '}', depth)
	case []Value:
		if len(v) == 0 {
			return append(buf, "[]"...)
		}
		buf = append(buf, '[')
		for i, elem := range v {
			buf = appendSeparator(buf, i, depth+1)
			buf = appendValue(buf, elem, depth+1)
		}
		return appendClose(buf, ']', depth)
	}
	panic(fmt.Sprintf("composer: Encode of unsupported type %T", v))
}

// appendSeparator starts the i'th member or element at depth.
func appendSeparator(buf []byte, i, depth int) []byte {
	if i > 0 {
		buf = append(buf, ',')
	}
	buf = append(buf, '\n')
	for range depth {
		buf = append(buf, indent...)
	}
	return buf
}

func appendClose(buf []byte, bracket byte, depth int) []byte {
	buf = appendSeparator(buf, 0, depth)
	return append(buf, bracket)
}

func appendString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			buf = append(buf, '\\', byte(r))
		case r == '\b':
			buf = append(buf, `\b`...)
		case r == '\f':
			buf = append(buf, `\f`...)
		case r == '\n':
			buf = append(buf, `\n`...)
		case r == '\r':
			buf = append(buf, `\r`...)
		case r == '\t':
			buf = append(buf, `\t`...)
		case r < 0x20:
			buf = append(buf, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xF])
		case r == '\u2028' || r == '\u2029':
			// PHP escapes these line terminators because JavaScript
			// before ES2019 does not allow them in string literals.
			buf = append(buf, `\u202`...)
			buf = append(buf, hex[r&0xF])
		default:
			// This writes U+FFFD for bytes that are not UTF-8.
			buf = utf8.AppendRune(buf, r)
		}
	}
	return append(buf, '"')
}
