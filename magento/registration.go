package magento

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// ComponentType is the kind of Magento component a registration.php declares.
type ComponentType string

const (
	TypeModule   ComponentType = "module"
	TypeTheme    ComponentType = "theme"
	TypeLanguage ComponentType = "language"
	TypeLibrary  ComponentType = "library"
)

// A Registration is one ComponentRegistrar::register call.
type Registration struct {
	Type    ComponentType // "" when the first argument is not a known constant or literal
	TypeArg string        // the first argument's source text, e.g. "ComponentRegistrar::MODULE"
	TypePos Position
	Name    string   // the literal second argument; "" when it is not a literal
	NameArg string   // the second argument's source text
	NamePos Position // where the second argument starts
	PathArg string   // the third argument's source text, normally "__DIR__"
	PathPos Position
	Pos     Position // where the call starts
}

// A SyntaxError is a registration.php problem at a place in the file.
type SyntaxError struct {
	Pos Position
	Msg string // lowercase, no trailing period, says how to fix where it can
}

func (e *SyntaxError) Error() string { return e.Pos.String() + ": " + e.Msg }

// registrarClass is the class whose static register method tells Magento
// where a component lives, written without the leading backslash.
const registrarClass = `Magento\Framework\Component\ComponentRegistrar`

// registrarTypes maps the registrar's type constants to their values.
// PHP constant names are case-sensitive, so the keys are exact.
var registrarTypes = map[string]ComponentType{
	"MODULE":   TypeModule,
	"THEME":    TypeTheme,
	"LANGUAGE": TypeLanguage,
	"LIBRARY":  TypeLibrary,
}

// registerParams are the parameter names of ComponentRegistrar::register,
// in order, as named arguments spell them.
var registerParams = [3]string{"type", "componentName", "path"}

// ParseRegistration returns every ComponentRegistrar::register call in src,
// in file order.
//
// It reads src as PHP: comments, strings, heredocs and inline HTML outside
// <?php ... ?> never hold calls, and the class before ::register is
// resolved through the file's namespace and use imports, case-insensitively
// as PHP does. Named arguments are put back in parameter order.
//
// Calls with non-literal arguments are returned with an empty Name or Type,
// so the caller can report them precisely. Only single- and double-quoted
// strings without interpolation count as literals; heredoc and nowdoc do not.
//
// ParseRegistration returns a *SyntaxError when src has an unterminated
// comment, string, heredoc or register call, or when it has no valid call.
// In the last case the error is at the closest near-miss (a call with the
// wrong arguments, then a register call on another class) or else at the
// end of the file.
func ParseRegistration(src []byte) ([]Registration, error) {
	p := &registrationParser{
		lex:    phpLexer{src: src},
		cursor: positionCursor{src: src},
	}
	p.parse()

	// Broken syntax comes first: it can hide or fake every call after it.
	errAt := func(e *offsetError) error {
		return &SyntaxError{Pos: positionAt(src, e.off), Msg: e.msg}
	}
	switch {
	case p.lex.err != nil:
		return nil, errAt(p.lex.err)
	case p.err != nil:
		return nil, errAt(p.err)
	case len(p.regs) > 0:
		return p.regs, nil
	case !p.lex.sawOpenTag && len(bytes.TrimSpace(src)) > 0:
		return nil, errAt(&offsetError{0,
			"file has no <?php open tag, so PHP prints it as text; start it with <?php"})
	case p.nearMiss != nil:
		return nil, errAt(p.nearMiss)
	}
	return nil, errAt(&offsetError{len(src), "no ComponentRegistrar::register call; " +
		"add ComponentRegistrar::register(type, name, __DIR__)"})
}

// An offsetError is a problem at a byte offset, before it is turned into a
// SyntaxError with a line and column.
type offsetError struct {
	off int
	msg string
}

// Kinds of near-miss, from least to most likely to be the intended call.
const (
	missOtherClass = iota + 1
	missBadArguments
)

// A registrationParser finds register calls in the token stream of a PHP
// file, keeping track of the namespace and imports that name the class.
type registrationParser struct {
	lex    phpLexer
	cursor positionCursor
	ahead  []phpToken // tokens read from lex but not yet consumed
	last   phpToken   // the token consumed last

	depth   int               // open braces
	ns      string            // current namespace, "" for the global one
	nsDepth int               // brace depth of the namespace's body
	imports map[string]string // class imports: folded alias to full name

	// refs lists every imported name and every fully qualified name in
	// code, for ClassReferences.
	refs []string

	regs     []Registration
	err      *offsetError // a syntax error that ends the parse
	nearMiss *offsetError
	missRank int
}

// peek returns the token k places ahead without consuming it.
func (p *registrationParser) peek(k int) phpToken {
	for len(p.ahead) <= k {
		p.ahead = append(p.ahead, p.lex.next())
	}
	return p.ahead[k]
}

// next consumes a token, tracking braces and leaving a braced namespace
// when its body closes. At the end it keeps returning the phpEOF token.
func (p *registrationParser) next() phpToken {
	t := p.peek(0)
	if t.kind == phpEOF {
		return t
	}
	p.ahead = p.ahead[1:]
	p.last = t

	switch {
	case t.isPunct("{"):
		p.depth++
	case t.isPunct("}"):
		p.depth = max(p.depth-1, 0)
		if p.depth < p.nsDepth {
			p.ns, p.imports, p.nsDepth = "", nil, 0
		}
	}
	return t
}

// parse scans the whole file.
func (p *registrationParser) parse() {
	for p.err == nil {
		// Imports and namespaces are declared only at the start of a
		// statement, which keeps closure "use" clauses out.
		last := p.last
		stmtStart := last.kind == phpEOF || last.kind == phpCloseTag ||
			last.isPunct(";", "{", "}")

		t := p.next()
		switch {
		case t.kind == phpEOF:
			return
		case stmtStart && t.isWord("namespace"):
			p.namespaceDecl()
		case stmtStart && t.isWord("use") && p.depth == p.nsDepth:
			// Deeper, "use" imports a trait into a class.
			p.useDecl()
		case t.kind == phpName || t.kind == phpVariable:
			if full, ok := strings.CutPrefix(t.text, `\`); ok && t.kind == phpName {
				p.refs = append(p.refs, full)
			}
			if p.peek(0).isPunct("::") && p.peek(1).isWord("register") &&
				p.peek(2).isPunct("(") {
				p.registerCall(t)
			}
		}
	}
}

// namespaceDecl reads a namespace declaration after its keyword. Each one
// starts with no imports.
func (p *registrationParser) namespaceDecl() {
	name := ""
	if t := p.peek(0); t.kind == phpName {
		p.next()
		name = strings.TrimPrefix(t.text, `\`)
	}
	p.ns, p.imports = name, nil
	if p.peek(0).isPunct("{") {
		p.nsDepth = p.depth + 1
	}
}

// useDecl reads an import after its "use" keyword, in any of the forms
//
//	use A\B, C\D as E;
//	use function A\f;
//	use A\{B, C as D, function f};
func (p *registrationParser) useDecl() {
	isClass := p.importKind()
	for {
		t := p.peek(0)
		if t.kind != phpName {
			return
		}
		p.next()
		name := strings.TrimPrefix(t.text, `\`)

		if p.peek(0).isPunct(`\`) && p.peek(1).isPunct("{") {
			p.next()
			p.next()
			p.groupUse(name, isClass)
		} else {
			p.addImport(isClass, name, p.alias())
		}

		if !p.peek(0).isPunct(",") {
			return
		}
		p.next()
	}
}

// groupUse reads the braced list of a group import whose common prefix
// is prefix, up to and including the closing brace.
func (p *registrationParser) groupUse(prefix string, isClass bool) {
	for {
		itemIsClass := p.importKind() && isClass
		t := p.peek(0)
		if t.kind != phpName {
			break
		}
		p.next()
		p.addImport(itemIsClass, prefix+`\`+t.text, p.alias())
		if !p.peek(0).isPunct(",") {
			break
		}
		p.next()
	}
	if p.peek(0).isPunct("}") {
		p.next()
	}
}

// importKind consumes the "function" or "const" of an import, if any, and
// reports whether the import names a class.
func (p *registrationParser) importKind() bool {
	t := p.peek(0)
	if (t.isWord("function") || t.isWord("const")) && p.peek(1).kind == phpName {
		p.next()
		return false
	}
	return true
}

// alias consumes an "as Alias" clause and returns the alias, or "".
func (p *registrationParser) alias() string {
	if p.peek(0).isWord("as") && p.peek(1).kind == phpName {
		p.next()
		return p.next().text
	}
	return ""
}

func (p *registrationParser) addImport(isClass bool, name, alias string) {
	p.refs = append(p.refs, name)
	if !isClass {
		return
	}
	if alias == "" {
		alias = lastSegment(name)
	}
	if p.imports == nil {
		p.imports = make(map[string]string)
	}
	p.imports[foldName(alias)] = name
}

// resolve returns the fully qualified class name, without the leading
// backslash, that name refers to where it is written.
func (p *registrationParser) resolve(name string) string {
	if full, ok := strings.CutPrefix(name, `\`); ok {
		return full
	}
	first, rest, qualified := strings.Cut(name, `\`)
	if qualified && foldName(first) == "namespace" {
		return p.qualify(rest)
	}
	if full, ok := p.imports[foldName(first)]; ok {
		if qualified {
			return full + `\` + rest
		}
		return full
	}
	return p.qualify(name)
}

// qualify prefixes name with the current namespace.
func (p *registrationParser) qualify(name string) string {
	if p.ns == "" {
		return name
	}
	return p.ns + `\` + name
}

// isRegistrar reports whether the class name refers to ComponentRegistrar.
func (p *registrationParser) isRegistrar(name string) bool {
	return foldName(p.resolve(name)) == foldName(registrarClass)
}

// miss records a near-miss, keeping the first of the highest rank.
func (p *registrationParser) miss(rank, off int, msg string) {
	if rank > p.missRank {
		p.nearMiss, p.missRank = &offsetError{off, msg}, rank
	}
}

// registerCall reads a call of a static method named register on class,
// which is the current token, and records it as a registration when the
// class is the registrar and there are three arguments.
func (p *registrationParser) registerCall(class phpToken) {
	pos := p.cursor.position(class.start)
	p.next() // ::
	p.next() // register
	open := p.next()
	args, ok := p.arguments()
	if !ok {
		p.err = &offsetError{open.start, "register call is not closed; add the missing )"}
		return
	}

	// A call on another class registers nothing, but when nothing else
	// does, it is most likely the mistake.
	if class.kind != phpName || !p.isRegistrar(class.text) {
		p.miss(missOtherClass, class.start, p.otherClassMessage(class))
		return
	}

	ordered, bad := orderArguments(args, class.start)
	if bad != nil {
		p.miss(missBadArguments, bad.off, bad.msg)
		return
	}
	typeArg, nameArg, pathArg := ordered[0].value, ordered[1].value, ordered[2].value
	r := Registration{
		Type:    p.componentType(typeArg),
		TypeArg: sourceText(typeArg),
		TypePos: ordered[0].pos,
		NameArg: sourceText(nameArg),
		NamePos: ordered[1].pos,
		PathArg: sourceText(pathArg),
		PathPos: ordered[2].pos,
		Pos:     pos,
	}
	if len(nameArg) == 1 && nameArg[0].kind == phpString {
		r.Name = nameArg[0].value
	}
	p.regs = append(p.regs, r)
}

// otherClassMessage explains why a register call on class is not the
// registrar's.
func (p *registrationParser) otherClassMessage(class phpToken) string {
	// An unqualified ComponentRegistrar only lacks its import.
	unqualified := class.kind == phpName && !strings.Contains(class.text, `\`)
	if unqualified && foldName(class.text) == foldName(lastSegment(registrarClass)) {
		return fmt.Sprintf(`%q resolves to \%s; add "use %s;"`,
			class.text, p.resolve(class.text), registrarClass)
	}
	return fmt.Sprintf(`register is called on %q, not on \%s`, class.text, registrarClass)
}

// componentType returns the type that the tokens of the first argument
// name, or "" if they name none.
func (p *registrationParser) componentType(arg []phpToken) ComponentType {
	switch {
	case len(arg) == 1 && arg[0].kind == phpString:
		switch t := ComponentType(arg[0].value); t {
		case TypeModule, TypeTheme, TypeLanguage, TypeLibrary:
			return t
		}
	case len(arg) == 3 && arg[0].kind == phpName && arg[1].isPunct("::") &&
		arg[2].kind == phpName && p.isRegistrar(arg[0].text):
		return registrarTypes[arg[2].text]
	}
	return ""
}

// An argument is one argument of a call.
type argument struct {
	name  string     // the parameter a named argument is for, else ""
	value []phpToken // empty for a missing argument, as in f(a,,b)
	off   int        // where the argument starts, or its comma when empty
	pos   Position   // where the value starts
}

// arguments consumes the argument list of a call after its opening
// parenthesis. It reports false if the list is not closed.
func (p *registrationParser) arguments() ([]argument, bool) {
	var args []argument
	var cur []phpToken
	depth := 0
	for {
		t := p.next()
		switch {
		case t.kind == phpEOF:
			return nil, false
		case t.isPunct("(", "[", "{", "#["):
			depth++
		case t.isPunct(")", "]", "}") && depth > 0:
			depth--
		case t.isPunct(")"):
			// A trailing comma adds no argument.
			if len(cur) > 0 {
				args = append(args, p.newArgument(cur, t.start))
			}
			return args, true
		case t.isPunct("]", "}"):
			return nil, false
		case t.isPunct(",") && depth == 0:
			args = append(args, p.newArgument(cur, t.start))
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
}

// newArgument makes an argument of the tokens toks, which end at offset
// end.
func (p *registrationParser) newArgument(toks []phpToken, end int) argument {
	if len(toks) == 0 {
		return argument{off: end}
	}
	a := argument{value: toks, off: toks[0].start}
	if len(toks) >= 2 && toks[0].kind == phpName && toks[1].isPunct(":") &&
		!strings.Contains(toks[0].text, `\`) {
		a.name, a.value = toks[0].text, toks[2:]
	}
	if len(a.value) > 0 {
		a.pos = p.cursor.position(a.value[0].start)
	}
	return a
}

// orderArguments returns the arguments of a register call starting at
// offset call in parameter order, or the reason they do not fit.
func orderArguments(args []argument, call int) ([3]argument, *offsetError) {
	var ordered [3]argument
	var filled [3]bool
	named := false
	for i, a := range args {
		if len(a.value) == 0 {
			return ordered, &offsetError{a.off, "missing argument; remove the extra comma"}
		}

		slot := i
		switch {
		case a.name != "":
			named = true
			slot = slices.Index(registerParams[:], a.name)
			if slot < 0 {
				return ordered, &offsetError{a.off, fmt.Sprintf(
					"unknown argument name %q; use type, componentName or path", a.name)}
			}
		case named:
			return ordered, &offsetError{a.off,
				"positional argument after a named one; name it or move it first"}
		case i >= len(ordered):
			continue // reported below as a count
		}
		if filled[slot] {
			return ordered, &offsetError{a.off,
				fmt.Sprintf("argument %s is passed twice", registerParams[slot])}
		}
		filled[slot], ordered[slot] = true, a
	}
	if len(args) != len(ordered) {
		return ordered, &offsetError{call, fmt.Sprintf(
			"ComponentRegistrar::register takes 3 arguments (type, name and path), not %d",
			len(args))}
	}
	return ordered, nil
}

// sourceText returns the source of toks, leaving out comments and writing
// one space wherever there was white space or a comment.
func sourceText(toks []phpToken) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t.start > toks[i-1].end {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// lastSegment returns the part of a qualified name after its last
// backslash.
func lastSegment(name string) string {
	return name[strings.LastIndexByte(name, '\\')+1:]
}

// foldName returns name in the case PHP compares class names in: ASCII
// letters are folded, other bytes are kept as they are.
func foldName(name string) string {
	b := []byte(name)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// A positionCursor turns byte offsets into positions in one pass over a
// file, as long as the offsets it is asked about do not decrease.
type positionCursor struct {
	src []byte
	off int
	pos Position // the position of off, or zero before the first call
}

func (c *positionCursor) position(off int) Position {
	if off < c.off || !c.pos.IsValid() {
		c.off, c.pos = 0, Position{Line: 1, Col: 1}
	}
	off = min(off, len(c.src))

	// Count from the last offset and add the lines already passed.
	p := positionAt(c.src[c.off:], off-c.off)
	if p.Line == 1 {
		p.Col += c.pos.Col - 1
	}
	p.Line += c.pos.Line - 1
	c.off, c.pos = off, p
	return p
}
