package versioning_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/modpack/modpack/versioning"
)

const testHash = "0123456789abcdef0123456789abcdef01234567"

// header returns the parsed fields of a conventional commit that is not
// breaking.
func header(typ, scope, description string) versioning.Commit {
	return versioning.Commit{
		Type:         typ,
		Scope:        scope,
		Description:  description,
		Conventional: true,
	}
}

// breaking returns c marked as breaking with the given note.
func breaking(c versioning.Commit, note string) versioning.Commit {
	c.Breaking = true
	c.BreakingNote = note
	return c
}

// reverting returns c with Reverts set to hash.
func reverting(c versioning.Commit, hash string) versioning.Commit {
	c.Reverts = hash
	return c
}

// notConventional is what Parse finds in a message without a header.
var notConventional = versioning.Commit{}

// parseTests hold a case for each rule of Conventional Commits 1.0.0
// (named "rule N"), each example of the specification, and the messages
// other tools are known to misread.
var parseTests = []struct {
	name    string
	message string
	parents int
	want    versioning.Commit
}{
	// Rule 1: type, optional scope and "!", then a colon and a space.
	{"rule 1: type colon space", "fix: drop nil entries", 1,
		header("fix", "", "drop nil entries")},
	{"rule 1: no space after the colon", "feat:b", 1, notConventional},
	{"rule 1: space before the colon", "feat :x", 1, notConventional},
	{"rule 1: tab after the colon", "feat:\tx", 1, notConventional},
	{"rule 1: no type", ": x", 1, notConventional},
	{"rule 1: type with a digit", "feat2: x", 1, notConventional},
	{"rule 1: type with a hyphen", "feat-x: x", 1, notConventional},
	{"rule 1: bang before the scope", "feat!(api): x", 1, notConventional},
	{"rule 1: leading space", " feat: x", 1, notConventional},
	{"rule 1: root commit", "feat: first", 0, header("feat", "", "first")},

	// Rules 2 and 3: feat and fix.
	{"rule 2: feat", "feat: add a payment method", 1,
		header("feat", "", "add a payment method")},
	{"rule 3: fix", "fix: round totals", 1, header("fix", "", "round totals")},

	// Rule 4: a scope is a noun in parentheses.
	{"rule 4: scope", "fix(parser): x", 1, header("fix", "parser", "x")},
	{"rule 4: scope with spaces", "fix(core api): x", 1,
		header("fix", "core api", "x")},
	{"rule 4: scope is trimmed", "fix( api ): x", 1, header("fix", "api", "x")},
	{"rule 4: empty scope", "fix(): x", 1, notConventional},
	{"rule 4: blank scope", "fix( ): x", 1, notConventional},
	{"rule 4: nested parentheses", "fix(a(b)): x", 1, notConventional},
	{"rule 4: unclosed scope", "fix(a: x", 1, notConventional},

	// Rule 5: a description follows the colon and space.
	{"rule 5: empty description", "feat: ", 1, notConventional},
	{"rule 5: nothing after the colon", "feat:", 1, notConventional},
	{"rule 5: blank description", "feat:  \t", 1, notConventional},
	{"rule 5: description is trimmed", "feat:  x  ", 1, header("feat", "", "x")},
	{"rule 5: description keeps colons", "docs: explain feat: usage", 1,
		header("docs", "", "explain feat: usage")},
	{"rule 5: header is the first line only", "feat\n: x", 1, notConventional},
	{"rule 5: type in the middle of the subject", "update: feat: x", 1,
		header("update", "", "feat: x")},

	// Rules 6 and 7: a free-form body after a blank line.
	{"rule 6: body", "fix: x\n\nSome context.", 1, header("fix", "", "x")},
	{"rule 7: body paragraphs",
		"fix: x\n\nFirst paragraph.\n\nSecond paragraph\nwith two lines.", 1,
		header("fix", "", "x")},

	// Rules 8 and 9: git-trailer footers after a blank line, with tokens
	// that use "-" for spaces, except BREAKING CHANGE.
	{"rule 8: footers", "fix: x\n\nbody\n\nReviewed-by: Z\nRefs: #123", 1,
		header("fix", "", "x")},
	{"rule 8: hash separator", "feat: x\n\nBREAKING CHANGE #12", 1,
		breaking(header("feat", "", "x"), "12")},
	{"rule 8: footers without a body", "feat: x\n\nBREAKING CHANGE: y", 1,
		breaking(header("feat", "", "x"), "y")},
	{"rule 8: footer right under the header", "feat: x\nBREAKING CHANGE: y", 1,
		header("feat", "", "x")},
	{"rule 9: hyphenated token opens the footers",
		"feat: x\n\nAcked-by: Z\nBREAKING CHANGE: y", 1,
		breaking(header("feat", "", "x"), "y")},
	{"rule 9: words with spaces are body",
		"feat: x\n\nSee the note: it matters\nBREAKING CHANGE: y", 1,
		header("feat", "", "x")},
	{"rule 9: Markdown item is body",
		"fix: x\n\n- #12 is fixed\nBREAKING CHANGE: y", 1, header("fix", "", "x")},

	// Rule 10: a value runs until the next token.
	{"rule 10: value over several lines",
		"feat: x\n\nBREAKING CHANGE: first line\nsecond line\nRefs: #1", 1,
		breaking(header("feat", "", "x"), "first line\nsecond line")},
	{"rule 10: value over paragraphs",
		"feat: x\n\nBREAKING CHANGE: a\n\nmore about a\n\nRefs: #1", 1,
		breaking(header("feat", "", "x"), "a\n\nmore about a")},
	{"rule 10: token ends the value before it",
		"feat: x\n\nNote: this\ncontinues\nBREAKING CHANGE: y", 1,
		breaking(header("feat", "", "x"), "y")},

	// Rules 11 to 13: "!" or a BREAKING CHANGE footer.
	{"rule 11: bang", "feat!: x", 1, breaking(header("feat", "", "x"), "x")},
	{"rule 11: footer", "fix: x\n\nBREAKING CHANGE: y", 1,
		breaking(header("fix", "", "x"), "y")},
	{"rule 12: footer needs colon and space", "feat: x\n\nBREAKING CHANGE:y", 1,
		header("feat", "", "x")},
	{"rule 12: empty footer value", "feat: x\n\nBREAKING CHANGE: \nRefs: 1", 1,
		breaking(header("feat", "", "x"), "x")},
	{"rule 12: several breaking footers",
		"feat: x\n\nBREAKING CHANGE: a\nBREAKING-CHANGE: b", 1,
		breaking(header("feat", "", "x"), "a\n\nb")},
	{"rule 13: bang with scope", "fix(parser)!: x", 1,
		breaking(header("fix", "parser", "x"), "x")},
	{"rule 13: bang and footer", "feat!: x\n\nBREAKING CHANGE: y", 1,
		breaking(header("feat", "", "x"), "y")},

	// Rule 14: other types.
	{"rule 14: other type", "chore: bump deps", 1, header("chore", "", "bump deps")},
	{"rule 14: breaking other type", "refactor!: drop x", 1,
		breaking(header("refactor", "", "drop x"), "drop x")},

	// Rule 15: case does not matter, except for BREAKING CHANGE.
	{"rule 15: upper-case type", "FEAT: x", 1, header("feat", "", "x")},
	{"rule 15: scope keeps its case", "Fix(Parser): x", 1,
		header("fix", "Parser", "x")},
	{"rule 15: lower-case breaking change", "fix: x\n\nbreaking change: y", 1,
		header("fix", "", "x")},
	{"rule 15: mixed-case Breaking-Change", "fix: x\n\nBreaking-Change: y", 1,
		header("fix", "", "x")},

	// Rule 16: BREAKING-CHANGE is a synonym.
	{"rule 16: BREAKING-CHANGE", "fix: x\n\nBREAKING-CHANGE: y", 1,
		breaking(header("fix", "", "x"), "y")},

	// The examples of the specification.
	{"example: footer",
		"feat: allow provided config object to extend other configs\n\n" +
			"BREAKING CHANGE: `extends` key in config file is now used for " +
			"extending other config files", 1,
		breaking(header("feat", "", "allow provided config object to extend other configs"),
			"`extends` key in config file is now used for extending other config files")},
	{"example: bang",
		"feat!: send an email to the customer when a product is shipped", 1,
		breaking(header("feat", "", "send an email to the customer when a product is shipped"),
			"send an email to the customer when a product is shipped")},
	{"example: scope and bang",
		"feat(api)!: send an email to the customer when a product is shipped", 1,
		breaking(header("feat", "api", "send an email to the customer when a product is shipped"),
			"send an email to the customer when a product is shipped")},
	{"example: bang and footer",
		"chore!: drop support for Node 6\n\n" +
			"BREAKING CHANGE: use JavaScript features not available in Node 6.", 1,
		breaking(header("chore", "", "drop support for Node 6"),
			"use JavaScript features not available in Node 6.")},
	{"example: no body", "docs: correct spelling of CHANGELOG", 1,
		header("docs", "", "correct spelling of CHANGELOG")},
	{"example: scope", "feat(lang): add Polish language", 1,
		header("feat", "lang", "add Polish language")},
	{"example: body and footers",
		"fix: prevent racing of requests\n\n" +
			"Introduce a request id and a reference to latest request. Dismiss\n" +
			"incoming responses other than from latest request.\n\n" +
			"Remove timeouts which were used to mitigate the racing issue but are\n" +
			"obsolete now.\n\n" +
			"Reviewed-by: Z\nRefs: #123", 1,
		header("fix", "", "prevent racing of requests")},
	{"example: revert type",
		"revert: let us never again speak of the noodle incident\n\n" +
			"Refs: 676104e, a215868", 1,
		header("revert", "", "let us never again speak of the noodle incident")},

	// Subjects that quote a header, and footers that are not footers.
	{"git revert",
		"Revert \"feat: x\"\n\nThis reverts commit " + testHash + ".", 1,
		reverting(notConventional, testHash)},
	{"git revert with upper-case hash",
		"Revert \"feat: x\"\n\nThis reverts commit " + strings.ToUpper(testHash) + ".", 1,
		reverting(notConventional, testHash)},
	{"git revert of a merge",
		"Revert \"Merge branch 'x'\"\n\nThis reverts commit " + testHash +
			", reversing\nchanges made to " + testHash + ".", 1,
		reverting(notConventional, testHash)},
	{"revert line with a short hash", "fix: x\n\nThis reverts commit 0123abc.", 1,
		header("fix", "", "x")},
	{"merge branch subject", "Merge branch 'feat/x' into main", 2, notConventional},
	{"merge pull request subject",
		"Merge pull request #1 from acme/feat-x\n\nfeat: add x", 2, notConventional},
	{"merge commit with a header", "feat: add x", 2, notConventional},
	{"octopus merge", "fix: x", 3, notConventional},
	{"breaking change inside a body paragraph",
		"fix: x\n\nThe old docs said\nBREAKING CHANGE: x\nwhich was wrong.\n\nRefs: #1", 1,
		header("fix", "", "x")},
	{"breaking change in a non-conventional commit",
		"Update things\n\nBREAKING CHANGE: y", 1, notConventional},
	{"CRLF line endings", "feat: x\r\n\r\nBREAKING CHANGE: y\r\n", 1,
		breaking(header("feat", "", "x"), "y")},
	{"empty message", "", 1, notConventional},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			want.Hash, want.Message, want.Parents = testHash, tt.message, tt.parents

			got := versioning.Parse(testHash, tt.message, tt.parents)
			if got != want {
				t.Errorf("Parse(%q, %d) = %+v, want %+v", tt.message, tt.parents, got, want)
			}
		})
	}
}

var (
	lowerLetters = regexp.MustCompile(`^[a-z]+$`)
	lowerHex     = regexp.MustCompile(`^[0-9a-f]*$`)
)

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.message, tt.parents)
	}
	f.Fuzz(func(t *testing.T, message string, parents int) {
		c := versioning.Parse(testHash, message, parents)
		if again := versioning.Parse(testHash, message, parents); again != c {
			t.Fatalf("Parse(%q, %d) = %+v, then %+v", message, parents, c, again)
		}

		if c.Hash != testHash || c.Message != message || c.Parents != parents {
			t.Fatalf("Parse(%q, %d) changed its input: %+v", message, parents, c)
		}
		if !lowerHex.MatchString(c.Reverts) {
			t.Fatalf("Parse(%q, %d).Reverts = %q, want lower-case hex",
				message, parents, c.Reverts)
		}

		if !c.Conventional {
			parsed := c
			parsed.Hash, parsed.Message, parsed.Parents, parsed.Reverts = "", "", 0, ""
			if parsed != (versioning.Commit{}) {
				t.Fatalf("Parse(%q, %d) = %+v, not conventional but with parsed fields",
					message, parents, c)
			}
			return
		}

		// A header is the first line of a commit with one parent or
		// none, and starts with its type.
		if parents >= 2 {
			t.Fatalf("Parse(%q, %d) = %+v, a conventional merge commit", message, parents, c)
		}
		typeFirst := strings.HasPrefix(strings.ToLower(message), c.Type)
		if !lowerLetters.MatchString(c.Type) || !typeFirst {
			t.Fatalf("Parse(%q, %d).Type = %q", message, parents, c.Type)
		}
		if c.Description == "" || strings.ContainsAny(c.Description+c.Scope, "\n") {
			t.Fatalf("Parse(%q, %d) = %+v, bad description or scope", message, parents, c)
		}
		if strings.ContainsAny(c.Scope, "()") {
			t.Fatalf("Parse(%q, %d).Scope = %q", message, parents, c.Scope)
		}
		if c.Breaking != (c.BreakingNote != "") {
			t.Fatalf("Parse(%q, %d): Breaking = %v with note %q",
				message, parents, c.Breaking, c.BreakingNote)
		}
	})
}
