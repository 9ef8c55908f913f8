package magento

import "slices"

// ClassReferences returns the fully qualified names that the PHP source
// src imports with use or writes with a leading backslash, in file order
// and without repeats. Names in comments, PHPDoc and strings do not count:
// they create no dependency PHP would load. Relative names resolve to the
// file's own namespace or to an import, which is counted already.
//
// When src cannot be read to its end (an unterminated string, say), the
// names before that point are returned with a *SyntaxError.
func ClassReferences(src []byte) ([]string, error) {
	p := &registrationParser{
		lex:    phpLexer{src: src},
		cursor: positionCursor{src: src},
	}
	p.parse()

	var refs []string
	seen := map[string]bool{}
	for _, r := range p.refs {
		if r != "" && !seen[r] {
			seen[r] = true
			refs = append(refs, r)
		}
	}
	refs = slices.Clip(refs)

	for _, e := range []*offsetError{p.lex.err, p.err} {
		if e != nil {
			return refs, &SyntaxError{Pos: positionAt(src, e.off), Msg: e.msg}
		}
	}
	return refs, nil
}
