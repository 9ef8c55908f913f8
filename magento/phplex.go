package magento

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// phpTokenKind says what a phpToken is.
type phpTokenKind uint8

const (
	phpEOF      phpTokenKind = iota // end of input; also the zero phpToken
	phpName                         // identifier or qualified name: A, \A\B, namespace\A
	phpVariable                     // $name
	phpString                       // quoted string with a constant value
	phpTemplate                     // interpolating string, heredoc, nowdoc or `command`
	phpNumber
	phpPunct    // operator or punctuation; "::" and "#[" are one token
	phpCloseTag // ?>, which also ends a statement
)

// A phpToken is one token of PHP code.
type phpToken struct {
	kind       phpTokenKind
	text       string // source text
	value      string // the value of a phpString
	start, end int    // byte offsets in the source
}

// isPunct reports whether t is punctuation with one of the given texts.
func (t phpToken) isPunct(texts ...string) bool {
	if t.kind != phpPunct {
		return false
	}
	for _, s := range texts {
		if t.text == s {
			return true
		}
	}
	return false
}

// isWord reports whether t is the name word in any letter case; word
// must be lowercase.
func (t phpToken) isWord(word string) bool {
	return t.kind == phpName && len(t.text) == len(word) && foldName(t.text) == word
}

// A phpLexer splits a PHP file into tokens, skipping inline HTML, white
// space and comments.
type phpLexer struct {
	src        []byte
	off        int
	inPHP      bool // between <?php and ?>
	sawOpenTag bool
	err        *offsetError // stops the lexer
}

// next returns the next token, or a phpEOF token at the end of the input
// or after an error.
func (l *phpLexer) next() phpToken {
	src := l.src
	for l.err == nil && l.off < len(src) {
		if !l.inPHP {
			l.skipInlineHTML()
			continue
		}

		c := src[l.off]
		switch {
		case isPHPSpace(c):
			l.off++
		case c == '#' && !bytes.HasPrefix(src[l.off:], []byte("#[")),
			bytes.HasPrefix(src[l.off:], []byte("//")):
			l.skipLineComment()
		case bytes.HasPrefix(src[l.off:], []byte("/*")):
			end := bytes.Index(src[l.off+2:], []byte("*/"))
			if end < 0 {
				l.err = &offsetError{l.off, "comment is not terminated; close it with */"}
				break
			}
			l.off += 2 + end + 2
		default:
			return l.token()
		}
	}
	return phpToken{kind: phpEOF, start: len(src), end: len(src)}
}

// skipInlineHTML skips text outside PHP up to and including the next open
// tag. Short "<?" tags are left out: they are often disabled, and "<?xml"
// is not PHP.
func (l *phpLexer) skipInlineHTML() {
	for {
		i := bytes.Index(l.src[l.off:], []byte("<?"))
		if i < 0 {
			l.off = len(l.src)
			return
		}
		l.off += i
		rest := l.src[l.off:]
		switch {
		case bytes.HasPrefix(rest, []byte("<?=")):
			l.off += 3
		case len(rest) >= 5 && bytes.EqualFold(rest[:5], []byte("<?php")) &&
			(len(rest) == 5 || isPHPSpace(rest[5])):
			l.off += 5
		default:
			l.off += 2
			continue
		}
		l.inPHP, l.sawOpenTag = true, true
		return
	}
}

// skipLineComment skips a // or # comment, which ends at a newline or
// before a closing ?> tag.
func (l *phpLexer) skipLineComment() {
	for ; l.off < len(l.src); l.off++ {
		c := l.src[l.off]
		if c == '\n' || c == '?' && l.off+1 < len(l.src) && l.src[l.off+1] == '>' {
			return
		}
	}
}

// token reads the token at l.off, which is not white space or a comment.
func (l *phpLexer) token() phpToken {
	src := l.src
	start := l.off
	c := src[start]
	at := func(i int) byte {
		if i < len(src) {
			return src[i]
		}
		return 0
	}

	kind, end := phpPunct, start+1
	switch {
	case c == '\'' || c == '"' || c == '`':
		return l.quoted(start, start)
	case (c == 'b' || c == 'B') && (at(start+1) == '\'' || at(start+1) == '"'):
		return l.quoted(start, start+1) // binary string prefix
	case c == '<' && bytes.HasPrefix(src[start:], []byte("<<<")):
		if t, ok := l.heredoc(start); ok {
			return t
		}
	case isNameStart(c) || c == '\\' && isNameStart(at(start+1)):
		kind, end = phpName, nameEnd(src, start)
	case c == '$' && isNameStart(at(start+1)):
		kind, end = phpVariable, start+1
		for end < len(src) && isNameChar(src[end]) {
			end++
		}
	case '0' <= c && c <= '9':
		kind = phpNumber
		for end < len(src) && (isNameChar(src[end]) ||
			src[end] == '.' && '0' <= at(end+1) && at(end+1) <= '9') {
			end++
		}
	case c == '?' && at(start+1) == '>':
		kind, end = phpCloseTag, start+2
		l.inPHP = false
	case c == ':' && at(start+1) == ':', c == '#' && at(start+1) == '[':
		end = start + 2
	}
	l.off = end
	return phpToken{kind: kind, text: string(src[start:end]), start: start, end: end}
}

// quoted reads the quoted string that starts at start, with its quote at
// offset quote.
func (l *phpLexer) quoted(start, quote int) phpToken {
	src := l.src
	q := src[quote]
	var end int
	interpolates := false
	if q == '\'' {
		end = singleQuotedEnd(src, quote)
	} else {
		end, interpolates = interpolatedEnd(src, quote)
	}
	if end < 0 {
		l.err = &offsetError{start,
			fmt.Sprintf("string is not terminated; close it with %c", q)}
		return phpToken{kind: phpEOF, start: len(src), end: len(src)}
	}
	l.off = end

	t := phpToken{kind: phpString, text: string(src[start:end]), start: start, end: end}
	body := string(src[quote+1 : end-1])
	switch {
	case q == '`' || interpolates:
		t.kind = phpTemplate
	case q == '\'':
		t.value = unquoteSingle(body)
	default:
		t.value = unquoteDouble(body)
	}
	return t
}

// heredoc reads the heredoc or nowdoc that starts with the "<<<" at start.
// It reports false if no heredoc starts there, and then sets no error.
func (l *phpLexer) heredoc(start int) (phpToken, bool) {
	src := l.src

	// Read the opening line: <<<ID, <<<"ID" or <<<'ID'.
	i := start + 3
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	quote := byte(0)
	if i < len(src) && (src[i] == '"' || src[i] == '\'') {
		quote = src[i]
		i++
	}
	if i >= len(src) || !isNameStart(src[i]) {
		return phpToken{}, false
	}
	idStart := i
	for i < len(src) && isNameChar(src[i]) {
		i++
	}
	id := src[idStart:i]
	if quote != 0 {
		if i >= len(src) || src[i] != quote {
			return phpToken{}, false
		}
		i++
	}
	if i < len(src) && src[i] == '\r' {
		i++
	}
	if i >= len(src) || src[i] != '\n' {
		return phpToken{}, false
	}

	// The heredoc ends at the first line that holds the identifier after
	// optional indentation, followed by anything but a name character.
	for line := i + 1; line <= len(src); {
		j := line
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		if bytes.HasPrefix(src[j:], id) {
			end := j + len(id)
			if end == len(src) || !isNameChar(src[end]) {
				l.off = end
				return phpToken{kind: phpTemplate, text: string(src[start:end]),
					start: start, end: end}, true
			}
		}
		k := bytes.IndexByte(src[j:], '\n')
		if k < 0 {
			break
		}
		line = j + k + 1
	}
	l.err = &offsetError{start,
		fmt.Sprintf("heredoc is not terminated; end it with %q on a line of its own", id)}
	return phpToken{kind: phpEOF, start: len(src), end: len(src)}, true
}

// singleQuotedEnd returns the offset just past the single-quoted string
// whose quote is at start, or -1 if it is not terminated.
func singleQuotedEnd(src []byte, start int) int {
	for i := start + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '\'':
			return i + 1
		}
	}
	return -1
}

// interpolatedEnd returns the offset just past the double-quoted or
// backquoted string whose quote is at start, or -1 if it is not
// terminated, and reports whether the string interpolates variables.
//
// The expressions in "{$...}" and "${...}" may hold braces and quoted
// strings of their own, so open strings and expressions are kept on a
// stack rather than read recursively, which deep nesting could exhaust.
// Comments and heredocs inside such expressions are not recognized.
func interpolatedEnd(src []byte, start int) (end int, interpolates bool) {
	// Each level is an open string (its quote) or an open expression
	// (quote 0, with the count of its unclosed braces).
	type level struct {
		quote  byte
		braces int
	}
	stack := []level{{quote: src[start]}}
	for i := start + 1; i < len(src); i++ {
		c := src[i]
		var next byte
		if i+1 < len(src) {
			next = src[i+1]
		}
		top := &stack[len(stack)-1]

		if top.quote != 0 {
			switch {
			case c == '\\':
				i++
			case c == top.quote:
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return i + 1, interpolates
				}
			case c == '$' && next == '{', c == '{' && next == '$':
				interpolates = true
				stack = append(stack, level{braces: 1})
				i++
			case c == '$' && isNameStart(next):
				interpolates = true
			}
			continue
		}

		switch c {
		case '{':
			top.braces++
		case '}':
			top.braces--
			if top.braces == 0 {
				stack = stack[:len(stack)-1]
			}
		case '"', '`':
			stack = append(stack, level{quote: c})
		case '\'':
			j := singleQuotedEnd(src, i)
			if j < 0 {
				return -1, interpolates
			}
			i = j - 1
		}
	}
	return -1, interpolates
}

// unquoteSingle returns the value of a single-quoted string's body, in
// which only \\ and \' are escapes.
func unquoteSingle(body string) string {
	if !strings.Contains(body, `\`) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\\' && i+1 < len(body) && (body[i+1] == '\\' || body[i+1] == '\'') {
			i++
			c = body[i]
		}
		b.WriteByte(c)
	}
	return b.String()
}

// unquoteDouble returns the value of a double-quoted string's body that
// does not interpolate. Unknown escapes keep their backslash, as in PHP.
func unquoteDouble(body string) string {
	if !strings.Contains(body, `\`) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 == len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := body[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'v':
			b.WriteByte('\v')
		case 'f':
			b.WriteByte('\f')
		case 'e':
			b.WriteByte(0x1b)
		case '\\', '$', '"':
			b.WriteByte(e)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			// Up to three octal digits; larger values wrap to a byte.
			n := digitsEnd(body, i, 3, isOctal)
			v, _ := strconv.ParseUint(body[i:n], 8, 16)
			b.WriteByte(byte(v))
			i = n - 1
		case 'x':
			n := digitsEnd(body, i+1, 2, isHex)
			if n == i+1 {
				b.WriteString(`\x`)
				break
			}
			v, _ := strconv.ParseUint(body[i+1:n], 16, 8)
			b.WriteByte(byte(v))
			i = n - 1
		case 'u':
			r, end, ok := codePoint(body, i+1)
			if !ok {
				b.WriteString(`\u`)
				break
			}
			b.WriteRune(r)
			i = end - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String()
}

// codePoint reads the "{hex}" of a \u escape at offset open of s and
// returns the code point and the offset after the closing brace.
func codePoint(s string, open int) (r rune, end int, ok bool) {
	if open >= len(s) || s[open] != '{' {
		return 0, 0, false
	}
	n := strings.IndexByte(s[open:], '}')
	if n < 0 {
		return 0, 0, false
	}
	v, err := strconv.ParseUint(s[open+1:open+n], 16, 32)
	if err != nil || v > utf8.MaxRune {
		return 0, 0, false
	}
	return rune(v), open + n + 1, true
}

// digitsEnd returns the offset after the run of at most limit bytes of s,
// from start, that satisfy isDigit.
func digitsEnd(s string, start, limit int, isDigit func(byte) bool) int {
	i := start
	for i < len(s) && i-start < limit && isDigit(s[i]) {
		i++
	}
	return i
}

func isOctal(c byte) bool { return '0' <= c && c <= '7' }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// nameEnd returns the offset after the identifier or qualified name at
// start, which begins with a name character or a backslash before one.
func nameEnd(src []byte, start int) int {
	i := start
	for {
		if src[i] == '\\' {
			i++
		}
		for i < len(src) && isNameChar(src[i]) {
			i++
		}
		if i+1 >= len(src) || src[i] != '\\' || !isNameStart(src[i+1]) {
			return i
		}
	}
}

// isNameStart reports whether c can start a PHP name. PHP takes every
// byte from 0x80 up as a letter, so UTF-8 names work.
func isNameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c >= 0x80
}

func isNameChar(c byte) bool { return isNameStart(c) || '0' <= c && c <= '9' }

func isPHPSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
