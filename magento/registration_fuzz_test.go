package magento

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func FuzzParseRegistration(f *testing.F) {
	for _, tt := range registrationTests {
		f.Add([]byte(tt.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		regs, err := ParseRegistration(src)

		// Errors are syntax errors at a place in the file, or at its end.
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || regs != nil {
				t.Fatalf("ParseRegistration(%q) = %v, %v, want nil, *SyntaxError",
					src, regs, err)
			}
			if off, ok := offsetOf(src, se.Pos); !ok || off > len(src) {
				t.Fatalf("ParseRegistration(%q): error position %v is outside the input",
					src, se.Pos)
			}
			return
		}
		if len(regs) == 0 {
			t.Fatalf("ParseRegistration(%q) = no registrations and no error", src)
		}

		for _, r := range regs {
			// Every position is inside the input, and each argument's
			// position is where its source text starts.
			for _, pos := range []Position{r.Pos, r.TypePos, r.NamePos, r.PathPos} {
				if off, ok := offsetOf(src, pos); !ok || off >= len(src) {
					t.Fatalf("ParseRegistration(%q): position %v is outside the input", src, pos)
				}
			}
			for _, arg := range []struct {
				pos  Position
				text string
			}{{r.TypePos, r.TypeArg}, {r.NamePos, r.NameArg}, {r.PathPos, r.PathArg}} {
				off, _ := offsetOf(src, arg.pos)
				if arg.text == "" || src[off] != arg.text[0] {
					t.Fatalf("ParseRegistration(%q): argument %q does not start at %v",
						src, arg.text, arg.pos)
				}
			}

			switch r.Type {
			case "", TypeModule, TypeTheme, TypeLanguage, TypeLibrary:
			default:
				t.Fatalf("ParseRegistration(%q): unknown type %q", src, r.Type)
			}

			// A name is taken from one string literal in the input, not
			// made up. Escapes are the one way its value can differ from
			// the text between the quotes.
			if r.Name == "" {
				continue
			}
			off, _ := offsetOf(src, r.NamePos)
			if !bytes.HasPrefix(src[off:], []byte(r.NameArg)) {
				t.Fatalf("ParseRegistration(%q): name literal %q is not at %v",
					src, r.NameArg, r.NamePos)
			}
			if !strings.Contains(r.NameArg, `\`) && !strings.Contains(r.NameArg, r.Name) {
				t.Fatalf("ParseRegistration(%q): name %q is not in the input", src, r.Name)
			}
		}
	})
}

// offsetOf returns the byte offset of p in src, reporting false if p is
// past the end of its line or of the file. The end of the file counts as
// a place in it.
func offsetOf(src []byte, p Position) (int, bool) {
	if p.Line < 1 || p.Col < 1 {
		return 0, false
	}
	off := 0
	for line := 1; line < p.Line; line++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	lineEnd := len(src)
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		lineEnd = off + i
	}
	off += p.Col - 1
	return off, off <= lineEnd
}
