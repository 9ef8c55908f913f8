package pack

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Composer ("composer archive") leaves out the files matched by two kinds
// of rules: the export-ignore lines of the component's top-level
// .gitattributes, then the archive.exclude list of composer.json. Each rule
// is a glob that Composer turns into a PCRE with Symfony's Glob::toRegex
// and then searches for in the file's path. This file repeats that
// translation byte for byte and then matches the resulting regular
// expression with its own small engine, because Go's regexp package
// cannot express the lookaheads Composer relies on.

// A Pattern is one compiled exclude rule.
type Pattern struct {
	// Rule is the rule in composer.json syntax. An "-export-ignore" line
	// of .gitattributes gives "!" followed by its pattern, as in Composer.
	Rule string

	// Source says where the rule was written: ".gitattributes:3" or
	// "composer.json archive.exclude[2]".
	Source string

	// Negate reports whether the rule re-includes the paths it matches
	// (the rule starts with "!").
	Negate bool

	// matcher is nil when PCRE cannot compile the rule's expression,
	// and err says why; the pattern then never matches.
	matcher reNode
	err     error
}

// A PatternError reports an exclude rule whose regular expression PCRE
// rejects. Composer's archive command stops with an error on such a rule
// (its error handler turns PHP's warning into an exception), so a package
// that has one cannot be built by Composer either.
type PatternError struct {
	Source string // as in Pattern.Source
	Rule   string
	Err    error
}

func (e *PatternError) Error() string {
	return fmt.Sprintf("%s: exclude rule %q: %v", e.Source, e.Rule, e.Err)
}

func (e *PatternError) Unwrap() error { return e.Err }

// CompilePattern compiles rule the way Composer's BaseExcludeFilter does.
// For a rule whose expression PCRE rejects, it returns a *PatternError
// and a Pattern that never matches.
func CompilePattern(rule, source string) (Pattern, error) {
	negate, regex := composerRegex(rule)
	p := Pattern{Rule: rule, Source: source, Negate: negate}

	m, err := parseRegex(regex)
	if err != nil {
		p.err = &PatternError{Source: source, Rule: rule, Err: err}
		return p, p.err
	}
	p.matcher = m
	return p, nil
}

// Match reports whether p matches path, a slash-separated path relative
// to the component root without a leading slash ("Test/Unit/FooTest.php").
// Like Composer, it matches a directory rule against everything below the
// directory and looks for the rule anywhere in the path unless the rule
// is anchored with a leading "/".
func (p Pattern) Match(path string) bool {
	if p.matcher == nil {
		return false
	}

	// Composer matches against the path with a leading slash, and the
	// match may start anywhere in it.
	s := "/" + path
	from := make([]bool, len(s)+1)
	for i := range from {
		from[i] = true
	}
	return slices.Contains(p.matcher.step(s, from), true)
}

// Excludes is the ordered list of exclude rules of one component.
type Excludes struct {
	patterns []Pattern
}

// NewExcludes returns the rules of a component: first its .gitattributes
// patterns (see [ParseGitAttributes]), then the entries of composer.json's
// archive.exclude, in that order, as Composer applies them. Entries that
// cannot be compiled never match; [Excludes.Err] reports them.
func NewExcludes(gitattributes []Pattern, archiveExclude []string) Excludes {
	e := Excludes{patterns: append([]Pattern(nil), gitattributes...)}
	return e.With(archiveExclude, "composer.json archive.exclude")
}

// With returns e followed by rules, which so take precedence over e's.
// source names the list in errors, as in "build.exclude", and each rule
// is named by its index in it.
func (e Excludes) With(rules []string, source string) Excludes {
	patterns := slices.Clip(e.patterns)
	for i, rule := range rules {
		p, _ := CompilePattern(rule, fmt.Sprintf("%s[%d]", source, i))
		patterns = append(patterns, p)
	}
	return Excludes{patterns: patterns}
}

// Err returns nil if Composer can compile every rule of e, and otherwise
// the *PatternError of each rule it cannot, joined. Composer's archive
// command fails on such rules, so a build should too.
func (e Excludes) Err() error {
	var errs []error
	for _, p := range e.patterns {
		if p.err != nil {
			errs = append(errs, p.err)
		}
	}
	return errors.Join(errs...)
}

// reincludes reports whether any rule of e takes files back, so that an
// excluded directory may still hold files to keep.
func (e Excludes) reincludes() bool {
	return slices.ContainsFunc(e.patterns, func(p Pattern) bool { return p.Negate })
}

// Excluded reports whether path (as for [Pattern.Match]) is left out of the
// package, and returns the pattern that decided it: the last one that
// matches, as the last matching rule wins. A path that no rule matches is
// included and the pattern is nil. Callers must not modify the pattern.
//
// Composer asks this for every file, never pruning a directory: an
// excluded directory may hold files that a later "!" rule re-includes.
func (e Excludes) Excluded(path string) (bool, *Pattern) {
	for i := len(e.patterns) - 1; i >= 0; i-- {
		if p := &e.patterns[i]; p.Match(path) {
			return !p.Negate, p
		}
	}
	return false, nil
}

// ParseGitAttributes returns the export-ignore rules of a .gitattributes
// file, with sources ".gitattributes:N". Composer reads only the file at
// the top of the component, and only its lines of exactly two
// whitespace-separated fields: "PATTERN export-ignore" (exclude) or
// "PATTERN -export-ignore" (re-include). It ignores every other line,
// including those that set further attributes, and so does
// ParseGitAttributes. Rules that cannot be compiled never match;
// [Excludes.Err] reports them.
func ParseGitAttributes(data []byte) []Pattern {
	var patterns []Pattern
	for i, line := range bytes.Split(data, []byte("\n")) {
		rule, ok := exportIgnoreRule(string(line))
		if !ok {
			continue
		}
		source := fmt.Sprintf(".gitattributes:%d", i+1)
		p, _ := CompilePattern(rule, source)
		patterns = append(patterns, p)
	}
	return patterns
}

// exportIgnoreRule returns the rule that one .gitattributes line sets,
// and whether it sets one.
func exportIgnoreRule(line string) (string, bool) {
	// PHP's trim strips these bytes, and Composer skips a line that is
	// then empty, "0" (false in PHP) or a comment.
	line = strings.Trim(line, " \t\n\r\x00\x0b")
	if line == "" || line == "0" || line[0] == '#' {
		return "", false
	}

	fields := splitOnSpace(line)
	if len(fields) != 2 {
		return "", false
	}
	switch fields[1] {
	case "export-ignore":
		return fields[0], true
	case "-export-ignore":
		return "!" + fields[0], true
	}
	return "", false
}

// splitOnSpace splits s around each run of PCRE's \s, as preg_split
// does. Unlike strings.Fields it keeps the empty fields before a leading
// run and after a trailing one: trim leaves a form feed in place, and a
// line that starts or ends with one has three fields for Composer.
func splitOnSpace(s string) []string {
	var fields []string
	start := 0
	for i := 0; i < len(s); {
		if !isSpace(s[i]) {
			i++
			continue
		}
		fields = append(fields, s[start:i])
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		start = i
	}
	return append(fields, s[start:])
}

// composerRegex returns what BaseExcludeFilter::generatePattern makes of
// rule: whether it is negated, and the regular expression without the
// "{" and "}" delimiters.
func composerRegex(rule string) (negate bool, regex string) {
	if strings.HasPrefix(rule, "!") {
		negate = true
		rule = strings.TrimLeft(rule, "!")
	}

	// A leading slash anchors the rule at the root. A rule without a
	// slash, or with only a trailing one, matches a whole path segment
	// at any depth. Any other rule matches wherever it fits.
	var prefix string
	switch slash := strings.IndexByte(rule, '/'); {
	case slash == 0:
		prefix = "^/"
	case slash < 0 || slash == len(rule)-1:
		prefix = "/"
	}

	// The lookahead makes a rule for a directory match the files in it.
	glob := strings.Trim(rule, "/")
	return negate, prefix + globToRegex(glob) + "(?=$|/)"
}

// globToRegex translates glob as Symfony's Glob::toRegex does with its
// defaults (strict leading dot, strict wildcard slash, "#" delimiter),
// minus the "#^" and "$#" around the result that Composer strips.
//
// The translation is not careful about regex syntax: "[" and "]" pass
// through, so a glob can open a character class that swallows the
// expansion of later glob characters. Only the exact output string tells
// what PCRE will make of it, which is why this function copies the
// translation instead of matching globs directly.
func globToRegex(glob string) string {
	var re strings.Builder
	segmentStart := true // at the start of the glob or after a "/"
	escaping := false    // after a "\"
	openBraces := 0
	for i := 0; i < len(glob); i++ {
		c := glob[i]

		// A segment may not start with "." unless the glob says so:
		// "*" does not match ".hidden".
		if segmentStart && c != '.' {
			re.WriteString(`(?=[^\.])`)
		}
		segmentStart = c == '/'

		switch {
		case segmentStart && isGlobstar(glob, i):
			// "/**/" stands for any number of whole segments, none
			// starting with a dot; "/**" at the end also for a last
			// segment without a slash after it.
			segment := `(?=[^\.])[^/]++/`
			if i+3 == len(glob) {
				segment += "?"
				i += 2
			} else {
				i += 3
			}
			re.WriteString("/(?:" + segment + ")*")
		case strings.IndexByte("#.()|+^$", c) >= 0:
			re.WriteString(`\` + string(c))
		case c == '*' || c == '?':
			re.WriteString(wildcardRegex(c, escaping))
		case c == '{':
			if escaping {
				re.WriteString(`\{`)
			} else {
				re.WriteString("(")
				openBraces++
			}
		case c == '}' && openBraces > 0:
			if escaping {
				re.WriteString("}")
			} else {
				re.WriteString(")")
				openBraces--
			}
		case c == ',' && openBraces > 0 && !escaping:
			re.WriteString("|")
		case c == '\\':
			if escaping {
				re.WriteString(`\\`)
			}
			escaping = !escaping
			continue
		default:
			re.WriteByte(c)
		}
		escaping = false
	}
	return re.String()
}

// isGlobstar reports whether the "/" at glob[i] starts "/**" followed by
// a "/" or the end of glob.
func isGlobstar(glob string, i int) bool {
	rest := glob[i+1:]
	return strings.HasPrefix(rest, "**") && (len(rest) == 2 || rest[2] == '/')
}

// wildcardRegex returns the translation of the glob wildcard c ("*" or
// "?"), which does not cross a "/".
func wildcardRegex(c byte, escaping bool) string {
	switch {
	case escaping:
		return `\` + string(c)
	case c == '*':
		return "[^/]*"
	default:
		return "[^/]"
	}
}

// A reNode is a parsed piece of a regular expression. Instead of
// backtracking, step works on sets of offsets into the subject s: given
// every offset at which the node may start (from, of length len(s)+1), it
// returns every offset at which it can end. As the expressions Composer
// builds have no back-references, and their only atomic parts are
// lookaheads and a possessive repeat of a single character class, this
// decides exactly what PCRE's backtracking decides, without its
// exponential worst case.
type reNode interface {
	step(s string, from []bool) []bool
}

// A byteSet matches one byte from a set: a literal or a character class.
// PHP runs PCRE without the u flag, so a multi-byte UTF-8 character is
// several bytes to the expression.
type byteSet [256]bool

func (b *byteSet) step(s string, from []bool) []bool {
	to := make([]bool, len(from))
	for i := range len(s) {
		to[i+1] = from[i] && b[s[i]]
	}
	return to
}

// A sequence matches its nodes one after the other.
type sequence []reNode

func (q sequence) step(s string, from []bool) []bool {
	for _, n := range q {
		from = n.step(s, from)
	}
	return from
}

// An alternation matches any one of its branches.
type alternation []reNode

func (a alternation) step(s string, from []bool) []bool {
	to := make([]bool, len(from))
	for _, branch := range a {
		for i, ok := range branch.step(s, from) {
			to[i] = to[i] || ok
		}
	}
	return to
}

// A repetition matches item at least min times and, unless max is -1,
// at most max times. A possessive repetition (only ever of a byteSet here)
// takes as many bytes as it can and gives none back.
type repetition struct {
	item       reNode
	min, max   int
	possessive bool
}

func (r repetition) step(s string, from []bool) []bool {
	if r.possessive {
		return r.stepPossessive(s, from)
	}

	for range r.min {
		from = r.item.step(s, from)
	}

	// "[^/]*", the translation of "*", takes one pass.
	if set, ok := r.item.(*byteSet); ok && r.max < 0 {
		to := make([]bool, len(from))
		for i, ok := range from {
			to[i] = ok || i > 0 && to[i-1] && set[s[i-1]]
		}
		return to
	}

	// Each round continues only from offsets not reached before: an
	// offset reached earlier has at least as many repeats left.
	to := append([]bool(nil), from...)
	frontier := from
	for round := r.min; r.max < 0 || round < r.max; round++ {
		next := r.item.step(s, frontier)
		grew := false
		for i, ok := range next {
			next[i] = ok && !to[i]
			if next[i] {
				to[i] = true
				grew = true
			}
		}
		if !grew {
			break
		}
		frontier = next
	}
	return to
}

func (r repetition) stepPossessive(s string, from []bool) []bool {
	set := r.item.(*byteSet)
	to := make([]bool, len(from))
	for start, ok := range from {
		if !ok {
			continue
		}
		end := start
		for end < len(s) && set[s[end]] && (r.max < 0 || end-start < r.max) {
			end++
		}
		if end-start >= r.min {
			to[end] = true
		}
	}
	return to
}

// A lookahead keeps the offsets at which one of its branches matches,
// consuming nothing. Each branch matches a fixed number of bytes, so one
// pass tells which start reached which end. That covers the only two
// lookaheads Composer's expressions have, "(?=[^\.])" and "(?=$|/)".
type lookahead struct {
	branches []reNode
	widths   []int
}

func (l lookahead) step(s string, from []bool) []bool {
	to := make([]bool, len(from))
	for b, branch := range l.branches {
		ends := branch.step(s, from)
		for i := range len(from) - l.widths[b] {
			to[i] = to[i] || from[i] && ends[i+l.widths[b]]
		}
	}
	return to
}

// newLookahead returns the lookahead for body, or an error if a branch
// of body can match different numbers of bytes.
func newLookahead(body reNode) (lookahead, error) {
	l := lookahead{branches: []reNode{body}}
	if a, ok := body.(alternation); ok {
		l.branches = a
	}
	for _, branch := range l.branches {
		w, ok := width(branch)
		if !ok {
			return l, errors.New("unsupported lookahead of varying width")
		}
		l.widths = append(l.widths, w)
	}
	return l, nil
}

// width returns the number of bytes every match of n has, and false if
// they differ.
func width(n reNode) (int, bool) {
	switch n := n.(type) {
	case *byteSet:
		return 1, true
	case assertion, lookahead:
		return 0, true
	case sequence:
		sum := 0
		for _, item := range n {
			w, ok := width(item)
			if !ok {
				return 0, false
			}
			sum += w
		}
		return sum, true
	case alternation:
		first, ok := width(n[0])
		for _, branch := range n[1:] {
			if w, same := width(branch); !same || w != first {
				return 0, false
			}
		}
		return first, ok
	}
	return 0, false
}

// An assertion keeps the offsets i of s at which it holds.
type assertion func(s string, i int) bool

func (a assertion) step(s string, from []bool) []bool {
	to := make([]bool, len(from))
	for i, ok := range from {
		to[i] = ok && a(s, i)
	}
	return to
}

// The assertions the expressions can contain. Without the m and D
// modifiers, PCRE's "$" also matches before a newline that ends the
// subject. "[[:<:]]" and "[[:>:]]" are PCRE's spellings of the start and
// end of a word.
var (
	atStart assertion = func(s string, i int) bool {
		return i == 0
	}
	atEnd assertion = func(s string, i int) bool {
		return i == len(s) || i == len(s)-1 && s[i] == '\n'
	}
	atWordStart assertion = func(s string, i int) bool {
		return !isWordByteAt(s, i-1) && isWordByteAt(s, i)
	}
	atWordEnd assertion = func(s string, i int) bool {
		return isWordByteAt(s, i-1) && !isWordByteAt(s, i)
	}
)

// isWordByteAt reports whether s[i] exists and PCRE's \w matches it.
func isWordByteAt(s string, i int) bool {
	return i >= 0 && i < len(s) && isWordByte(s[i])
}

// maxNesting is PCRE2's default limit on nested parentheses.
const maxNesting = 250

// parseRegex parses a regular expression that composerRegex built, with
// PCRE's rules and errors. It understands the PCRE syntax that
// globToRegex and composerRegex can produce; it rejects the rest of PCRE,
// which they cannot produce, as unsupported.
//
// Two PCRE limits are not copied. PCRE rejects an expression that
// compiles to more than 64 KiB, which takes a rule tens of kilobytes
// long. And PHP gives up a search after pcre.backtrack_limit steps
// (a php.ini setting), which Composer then takes as no match: a rule
// like "*a*a*a*a*a*a!" against a long segment of "a"s can hit it and
// miss a match later in the path that this engine finds.
func parseRegex(regex string) (reNode, error) {
	// Composer uses "{" and "}" as delimiters. PHP ends the expression at
	// the "}" that balances the opening one, skipping escaped characters,
	// and reads what follows as modifiers; a stray "}" in the rule thus
	// ends it early and leaves invalid modifiers.
	if closingDelimiter(regex) != len(regex) {
		return nil, fmt.Errorf("a %q that closes no %q ends "+
			"Composer's regular expression %#q early", "}", "{", regex)
	}

	p := &regexParser{src: regex}
	n, err := p.alternation()
	if err == nil && p.pos < len(p.src) {
		err = errors.New("unmatched closing parenthesis")
	}
	if err != nil {
		return nil, fmt.Errorf(
			"regular expression %#q: %v at offset %d", regex, err, p.pos)
	}
	return n, nil
}

// closingDelimiter returns the offset of the "}" that PHP takes as the
// end of the expression in "{" + regex + "}", counted from the start of
// regex, or -1 if there is none.
func closingDelimiter(regex string) int {
	s := regex + "}"
	depth := 1
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
		case s[i] == '{':
			depth++
		case s[i] == '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// A regexParser parses one regular expression by recursive descent.
type regexParser struct {
	src     string
	pos     int
	nesting int // depth of parentheses
}

// alternation parses branches separated by "|" up to a ")" or the end.
func (p *regexParser) alternation() (reNode, error) {
	var branches alternation
	for {
		branch, err := p.sequence()
		if err != nil {
			return nil, err
		}
		branches = append(branches, branch)
		if p.pos == len(p.src) || p.src[p.pos] != '|' {
			break
		}
		p.pos++
	}
	if len(branches) == 1 {
		return branches[0], nil
	}
	return branches, nil
}

// sequence parses quantified atoms up to a "|", a ")" or the end.
func (p *regexParser) sequence() (reNode, error) {
	var seq sequence
	for p.pos < len(p.src) && p.src[p.pos] != '|' && p.src[p.pos] != ')' {
		atom, err := p.atom()
		if err != nil {
			return nil, err
		}
		atom, err = p.quantifier(atom)
		if err != nil {
			return nil, err
		}
		seq = append(seq, atom)
	}
	if len(seq) == 1 {
		return seq[0], nil
	}
	return seq, nil
}

// atom parses one atom: a group, an assertion, a class or a literal.
func (p *regexParser) atom() (reNode, error) {
	c := p.src[p.pos]
	p.pos++
	switch c {
	case '(':
		return p.group()
	case '[':
		return p.class()
	case '^':
		return atStart, nil
	case '$':
		return atEnd, nil
	case '\\':
		return p.escape()
	case '*', '+', '?':
		p.pos--
		return nil, errors.New("quantifier does not follow a repeatable item")
	case '.', '{':
		p.pos--
		return nil, fmt.Errorf("unsupported %q", c)
	}
	return literal(c), nil
}

// group parses the rest of a group after its "(".
func (p *regexParser) group() (reNode, error) {
	p.nesting++
	if p.nesting > maxNesting {
		return nil, errors.New("parentheses are too deeply nested")
	}

	isLookahead := false
	switch {
	case strings.HasPrefix(p.src[p.pos:], "?:"):
		p.pos += 2
	case strings.HasPrefix(p.src[p.pos:], "?="):
		p.pos += 2
		isLookahead = true
	case strings.HasPrefix(p.src[p.pos:], "?"):
		return nil, errors.New("unsupported group")
	}

	body, err := p.alternation()
	if err != nil {
		return nil, err
	}
	if p.pos == len(p.src) {
		return nil, errors.New("missing closing parenthesis")
	}
	p.pos++
	p.nesting--

	if isLookahead {
		return newLookahead(body)
	}
	return body, nil
}

// escape parses the rest of an escape after its "\". Composer's
// expressions escape only punctuation, which stands for itself.
func (p *regexParser) escape() (reNode, error) {
	c, err := p.escaped()
	if err != nil {
		return nil, err
	}
	return literal(c), nil
}

// escaped returns the character after a "\" and moves past it.
func (p *regexParser) escaped() (byte, error) {
	if p.pos == len(p.src) {
		return 0, errors.New(`\ at end of pattern`)
	}
	c := p.src[p.pos]
	if isAlnum(c) {
		return 0, fmt.Errorf(`unsupported escape \%c`, c)
	}
	p.pos++
	return c, nil
}

// quantifier parses an optional "*", "+" or "?" after atom, possibly
// followed by "+" (possessive) or "?" (lazy, which changes which match is
// found but not whether there is one).
func (p *regexParser) quantifier(atom reNode) (reNode, error) {
	if p.pos == len(p.src) {
		return atom, nil
	}
	r := repetition{item: atom, max: -1}
	switch p.src[p.pos] {
	case '*':
	case '+':
		r.min = 1
	case '?':
		r.max = 1
	default:
		return atom, nil
	}
	p.pos++

	// Repeating an assertion is legal PCRE, but Composer's expressions
	// never do it.
	switch atom.(type) {
	case assertion, lookahead:
		return nil, errors.New("unsupported repeated assertion")
	}

	if p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '+':
			if _, ok := atom.(*byteSet); !ok {
				return nil, errors.New("unsupported possessive group")
			}
			r.possessive = true
			p.pos++
		case '?':
			p.pos++
		}
	}
	return r, nil
}

// class parses the rest of a character class after its "[", following
// PCRE2's rules for where "]" and "-" are literal, for ranges and for
// POSIX classes such as "[:alpha:]".
func (p *regexParser) class() (reNode, error) {
	rest := p.src[p.pos:]
	switch {
	case strings.HasPrefix(rest, "[:<:]]"):
		p.pos += 6
		return atWordStart, nil
	case strings.HasPrefix(rest, "[:>:]]"):
		p.pos += 6
		return atWordEnd, nil
	case len(rest) > 0 && strings.IndexByte(":.=", rest[0]) >= 0 &&
		posixEnd(rest) >= 0:
		return nil, errors.New(
			"POSIX named classes are supported only within a class")
	}

	set := new(byteSet)
	negate := false
	if strings.HasPrefix(rest, "^") {
		negate = true
		p.pos++
	}

	// rangeFrom is the last single character, which a "-" may turn into
	// the start of a range; inRange says a "-" has done so.
	rangeFrom, canRange, inRange := byte(0), false, false
	for first := true; ; first = false {
		if p.pos == len(p.src) {
			return nil, errors.New(
				"missing terminating ] for character class")
		}
		c := p.src[p.pos]
		p.pos++

		if c == ']' && !first {
			break
		}

		if c == '[' && p.pos+3 <= len(p.src) &&
			strings.IndexByte(":.=", p.src[p.pos]) >= 0 &&
			posixEnd(p.src[p.pos:]) >= 0 {
			if inRange {
				return nil, errors.New("invalid range in character class")
			}
			if err := p.posixClass(set); err != nil {
				return nil, err
			}
			canRange = false
			continue
		}

		if c == '-' && canRange {
			inRange, canRange = true, false
			continue
		}
		if c == '\\' {
			var err error
			if c, err = p.escaped(); err != nil {
				return nil, err
			}
		}

		if !inRange {
			set[c] = true
			rangeFrom, canRange = c, true
			continue
		}
		if rangeFrom > c {
			return nil, errors.New("range out of order in character class")
		}
		for b := int(rangeFrom); b <= int(c); b++ {
			set[b] = true
		}
		inRange = false
	}

	// A "-" just before the "]" is literal.
	if inRange {
		set['-'] = true
	}
	if negate {
		for b := range set {
			set[b] = !set[b]
		}
	}
	return set, nil
}

// posixEnd applies PCRE2's test for POSIX class syntax to s, which starts
// after a "[" with the terminator (":", "." or "="). It returns the offset
// in s of the terminator that is followed by "]", or -1.
func posixEnd(s string) int {
	terminator := s[0]
	for i := 1; len(s)-i >= 2; i++ {
		switch {
		case s[i] == '\\' && (s[i+1] == ']' || s[i+1] == '\\'):
			i++
		case s[i] == '[' && s[i+1] == terminator, s[i] == ']':
			return -1
		case s[i] == terminator && s[i+1] == ']':
			return i
		}
	}
	return -1
}

// posixClass adds to set the POSIX class that starts at p.pos, just after
// its "[", and moves past it.
func (p *regexParser) posixClass(set *byteSet) error {
	rest := p.src[p.pos:]
	end := posixEnd(rest)
	if rest[0] != ':' {
		return errors.New("POSIX collating elements are not supported")
	}
	in, ok := posixClasses[rest[1:end]]
	if !ok {
		return errors.New("unknown POSIX class name")
	}
	p.pos += end + 2

	// PCRE2 rejects a "-" after a POSIX class unless it ends the class.
	after := p.src[p.pos:]
	if len(after) >= 2 && after[0] == '-' && after[1] != ']' {
		return errors.New("invalid range in character class")
	}

	for b := range set {
		set[b] = set[b] || in(byte(b))
	}
	return nil
}

// posixClasses holds PCRE2's POSIX classes for its default (C locale)
// character tables.
var posixClasses = map[string]func(byte) bool{
	"alpha":  func(c byte) bool { return isUpper(c) || isLower(c) },
	"lower":  isLower,
	"upper":  isUpper,
	"alnum":  isAlnum,
	"ascii":  func(c byte) bool { return c < 0x80 },
	"blank":  func(c byte) bool { return c == ' ' || c == '\t' },
	"cntrl":  func(c byte) bool { return c < 0x20 || c == 0x7f },
	"digit":  isDigit,
	"graph":  func(c byte) bool { return c > ' ' && c < 0x7f },
	"print":  func(c byte) bool { return c >= ' ' && c < 0x7f },
	"punct":  func(c byte) bool { return c > ' ' && c < 0x7f && !isAlnum(c) },
	"space":  isSpace,
	"word":   isWordByte,
	"xdigit": isHexDigit,
}

// isSpace reports whether PCRE's \s (and [:space:]) matches c.
func isSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

func isHexDigit(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isAlnum(c byte) bool { return isDigit(c) || isLower(c) || isUpper(c) }

func isWordByte(c byte) bool { return isAlnum(c) || c == '_' }

// literal returns the node that matches the byte c.
func literal(c byte) reNode {
	set := new(byteSet)
	set[c] = true
	return set
}
