package versioning

import (
	"regexp"
	"strings"
)

// A Commit is one commit of the history that [Next] looks at. Callers
// set Hash, Message and Parents, or call [Parse] to set them all.
type Commit struct {
	Hash    string // full hexadecimal object name
	Message string // full commit message
	Parents int    // number of parent commits

	// Parsed from the Conventional Commits header and footers of
	// Message. All are zero unless Conventional is true.
	Type         string // in lower case, such as "feat"
	Scope        string // without the parentheses; "" if none
	Description  string
	Breaking     bool
	BreakingNote string // the breaking footers' text, or Description
	Conventional bool

	// Reverts is the hash that git revert's "This reverts commit <hash>"
	// line names, in lower case, or "" if there is no such line.
	Reverts string
}

var (
	// headerRE matches a header: type, optional scope, optional "!",
	// then a colon and a space. The description is checked after
	// trimming, so that "feat:  " is not a header either.
	headerRE = regexp.MustCompile(`^([A-Za-z]+)(?:\(([^()]+)\))?(!?): (.*)$`)

	// footerRE matches the line that starts a footer. The token starts
	// with a letter, so that a Markdown item like "- #12 fixed" in the
	// body does not open the footers.
	footerRE = regexp.MustCompile(`^(BREAKING CHANGE|[A-Za-z][A-Za-z-]*)(?:: | #)(.*)$`)

	// revertRE matches the line git revert writes into the body.
	revertRE = regexp.MustCompile(`(?m)^This reverts commit ([0-9A-Fa-f]{40,64})\b`)
)

// Parse returns the commit with the given hash, message and number of
// parents, with its Conventional Commits fields filled in. A message
// whose first line is not a header gives a commit that is not
// Conventional. So does a merge commit, one with two or more parents,
// whatever its message says: the commits it merges count on their own.
func Parse(hash, message string, parents int) Commit {
	c := Commit{Hash: hash, Message: message, Parents: parents}
	if m := revertRE.FindStringSubmatch(message); m != nil {
		c.Reverts = strings.ToLower(m[1])
	}
	if parents >= 2 {
		return c
	}

	lines := strings.Split(message, "\n")
	for i, line := range lines {
		lines[i] = strings.TrimSuffix(line, "\r")
	}

	// The header is the first line, and only the first line.
	m := headerRE.FindStringSubmatch(lines[0])
	if m == nil {
		return c
	}
	scope := strings.TrimSpace(m[2])
	description := strings.TrimSpace(m[4])
	if description == "" || m[2] != "" && scope == "" {
		return c
	}
	c.Conventional = true
	c.Type = strings.ToLower(m[1])
	c.Scope = scope
	c.Description = description

	// Breaking footers must be spelt in upper case; the type need not.
	var notes []string
	for _, f := range footers(lines[1:]) {
		if f.token == "BREAKING CHANGE" || f.token == "BREAKING-CHANGE" {
			if f.value != "" {
				notes = append(notes, f.value)
			}
			c.Breaking = true
		}
	}
	if m[3] == "!" {
		c.Breaking = true
	}
	if c.Breaking {
		c.BreakingNote = strings.Join(notes, "\n\n")
		if c.BreakingNote == "" {
			c.BreakingNote = description
		}
	}
	return c
}

// A footer is one "token: value" or "token #value" footer of a message.
type footer struct {
	token string
	value string // trimmed; may span lines
}

// footers returns the footers among the lines after a header. They start
// at the first paragraph that follows a blank line and opens with a
// footer line. From there on, each footer line starts a new footer, and
// every other line, blank or not, continues the value of the one before.
func footers(body []string) []footer {
	start := -1
	for i := 1; i < len(body); i++ {
		if isBlank(body[i-1]) && footerRE.MatchString(body[i]) {
			start = i
			break
		}
	}
	if start < 0 {
		return nil
	}

	var fs []footer
	var value []string
	flush := func() {
		fs[len(fs)-1].value = strings.TrimSpace(strings.Join(value, "\n"))
	}
	for _, line := range body[start:] {
		m := footerRE.FindStringSubmatch(line)
		if m == nil {
			value = append(value, line)
			continue
		}
		if len(fs) > 0 {
			flush()
		}
		fs = append(fs, footer{token: m[1]})
		value = []string{m[2]}
	}
	flush()
	return fs
}

// isBlank reports whether line holds nothing but white space.
func isBlank(line string) bool {
	return strings.TrimSpace(line) == ""
}
