package versioning

import (
	"bytes"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"
)

// changelogGroups are the headings of a changelog section, in order, and
// the commits each lists. A breaking feature is listed twice: once with
// its breaking note, once with its description.
var changelogGroups = []struct {
	title string
	holds func(c Commit) bool
	note  bool // list the breaking note instead of the description
}{
	{"⚠ BREAKING CHANGES", func(c Commit) bool { return c.Breaking }, true},
	{"Features", func(c Commit) bool { return c.Type == "feat" }, false},
	{"Bug Fixes", func(c Commit) bool { return c.Type == "fix" }, false},
	{"Performance Improvements", func(c Commit) bool { return c.Type == "perf" }, false},
	{"Other Changes", func(c Commit) bool {
		return !c.Breaking && !isGroupedType(c.Type)
	}, false},
}

// isGroupedType reports whether commits of type t have a heading of
// their own.
func isGroupedType(t string) bool {
	return t == "feat" || t == "fix" || t == "perf"
}

// ChangelogSection returns the CHANGELOG.md section for version v,
// released on date, under a Keep a Changelog heading, whether or not
// repoURL is given:
//
//	## [1.3.0] - 2026-12-03
//
//	### ⚠ BREAKING CHANGES
//
//	- **api:** the old endpoint is gone (abc1234)
//
//	### Features
//
//	- **api:** add the new endpoint (abc1234)
//
// Commits are normally [Decision.Releasing]; they are listed in the order
// given, and commits that are not Conventional are left out. Other
// types, which only custom Options release, go under "Other Changes".
// The date is written as it is, in its own time zone. If repoURL is not
// "", each short hash links to repoURL + "/commit/" + the full hash, a
// path that GitHub, GitLab and Gitea all serve. The section ends with a
// single newline.
func ChangelogSection(
	v *semver.Version,
	date time.Time,
	commits []Commit,
	repoURL string,
) string {
	var b strings.Builder
	b.WriteString("## [" + v.String() + "] - " + date.Format(time.DateOnly) + "\n")

	for _, g := range changelogGroups {
		var entries []string
		for _, c := range commits {
			if !c.Conventional || !g.holds(c) {
				continue
			}
			text := c.Description
			if g.note {
				text = c.BreakingNote
			}
			entries = append(entries, changelogEntry(c, text, repoURL))
		}
		if len(entries) == 0 {
			continue
		}
		b.WriteString("\n### " + g.title + "\n\n")
		b.WriteString(strings.Join(entries, ""))
	}
	return b.String()
}

// changelogEntry returns the list item for c that says text, with
// continuation lines indented so that they stay in the item.
func changelogEntry(c Commit, text, repoURL string) string {
	var b strings.Builder
	b.WriteString("- ")
	if c.Scope != "" {
		b.WriteString("**" + c.Scope + ":** ")
	}
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("\n")
			if line != "" {
				b.WriteString("  ")
			}
		}
		b.WriteString(line)
	}

	if c.Hash != "" {
		short := c.Hash[:min(7, len(c.Hash))]
		if repoURL != "" {
			url := strings.TrimRight(repoURL, "/") + "/commit/" + c.Hash
			short = "[" + short + "](" + url + ")"
		}
		b.WriteString(" (" + short + ")")
	}
	b.WriteString("\n")
	return b.String()
}

// InsertChangelog returns the changelog existing with section added as
// the newest release: after the title and introduction, before the first
// line that starts with "## ", or at the end if there is no such line.
// Everything in existing is kept byte for byte; only newlines are added
// to set the section apart. If existing is empty or blank, the result is
// "# Changelog", a blank line and the section.
func InsertChangelog(existing []byte, section string) []byte {
	if !strings.HasSuffix(section, "\n") {
		section += "\n"
	}
	if len(bytes.TrimSpace(existing)) == 0 {
		return []byte("# Changelog\n\n" + section)
	}

	// Before the newest release, the section and a blank line.
	at := firstRelease(existing)
	out := make([]byte, 0, len(existing)+len(section)+2)
	if at >= 0 {
		out = append(out, existing[:at]...)
		out = append(out, section...)
		out = append(out, '\n')
		return append(out, existing[at:]...)
	}

	// After the introduction, a blank line and the section.
	out = append(out, existing...)
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	if !bytes.HasSuffix(out, []byte("\n\n")) {
		out = append(out, '\n')
	}
	return append(out, section...)
}

// firstRelease returns the offset of the first line of changelog that
// starts with "## ", or -1 if there is none.
func firstRelease(changelog []byte) int {
	for at := 0; at < len(changelog); {
		if bytes.HasPrefix(changelog[at:], []byte("## ")) {
			return at
		}
		eol := bytes.IndexByte(changelog[at:], '\n')
		if eol < 0 {
			break
		}
		at += eol + 1
	}
	return -1
}
