package magento

import (
	"bytes"
	"testing"
)

// The parsers read files users and their tools write, so any input must
// give findings, never a panic, and every finding must point inside the
// input. Seeds live in testdata/fuzz.

func FuzzParseModuleXML(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		m, findings := ParseModuleXML(data)
		checkParsed(t, data, m != nil, findings)
	})
}

func FuzzParseACL(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		acl, findings := ParseACL(data)
		checkParsed(t, data, acl != nil, findings)
		if acl == nil {
			return
		}
		for _, r := range acl.Resources {
			if r.ID == "" || r.ID == r.Parent {
				t.Fatalf("ParseACL(%q) gave resource %+v", data, r)
			}
		}
	})
}

func FuzzParseIntegration(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, parse := range []func([]byte) ([]Integration, []Finding){
			ParseAPIXML, ParseConfigXML, ParseIntegrationXML,
		} {
			list, findings := parse(data)
			checkParsed(t, data, list != nil, findings)
		}
	})
}

func FuzzParseWebAPIXML(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		routes, findings := ParseWebAPIXML(data)
		checkParsed(t, data, routes != nil, findings)
		for _, rt := range routes {
			if len(rt.refs) != len(rt.Resources) {
				t.Fatalf("ParseWebAPIXML(%q) gave route %+v", data, rt)
			}
		}
	})
}

func FuzzParseDescriptor(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		theme, findings := ParseThemeXML(data)
		checkParsed(t, data, theme != nil, findings)
		lang, findings := ParseLanguageXML(data)
		checkParsed(t, data, lang != nil, findings)
	})
}

func FuzzParseComposerJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c, findings := ParseComposerJSON(data)
		if c == nil && len(findings) == 0 {
			t.Fatalf("ParseComposerJSON(%q) returned nothing and no finding", data)
		}
		checkPositions(t, data, findings)
	})
}

// checkParsed checks that a parser that returned no value said why, and
// that its findings point inside data.
func checkParsed(t *testing.T, data []byte, parsed bool, findings []Finding) {
	t.Helper()
	if !parsed && len(findings) == 0 {
		t.Fatalf("parser returned nothing and no finding for %q", data)
	}
	checkPositions(t, data, findings)
}

func checkPositions(t *testing.T, data []byte, findings []Finding) {
	t.Helper()
	lines := bytes.Count(data, []byte("\n")) + 1
	for _, f := range findings {
		if f.File == "" || f.Code == "" || f.Message == "" {
			t.Fatalf("incomplete finding %+v for %q", f, data)
		}
		if f.Pos.Line < 0 || f.Pos.Line > lines || (f.Pos.IsValid() && f.Pos.Col < 1) {
			t.Fatalf("finding %v points outside the %d lines of %q", f, lines, data)
		}
	}
}
