// Package versioning decides the next version of a module from its
// commit history, and writes the matching CHANGELOG.md section. It reads
// no repository and creates no tag: callers pass versions and commits as
// plain data.
//
// Commits are read as Conventional Commits 1.0.0, strictly:
//
//   - A commit counts only if its first line is a header
//     "type(scope)!: description". The type is letters in any case, the
//     scope and "!" are optional, and a colon and a space come before a
//     non-empty description. "feat:b" and "feat :b" are not headers.
//   - Merge commits, git's `Revert "feat: x"` subjects and any other
//     free-form subject release nothing, whatever text they quote.
//   - A commit is breaking if its header has "!" before the colon, or if
//     its footers hold a BREAKING CHANGE or BREAKING-CHANGE footer, in
//     upper case. Footers start at the first paragraph after the header
//     that opens with "Token: value" or "Token #value"; such a line in
//     the middle of a body paragraph is body text.
//
// [Next] turns the commits since the last release into a version, with
// [DefaultOptions]:
//
//   - feat releases a minor version; fix and perf release a patch; other
//     types release nothing unless they are breaking. The highest level
//     among the commits wins.
//   - A breaking change releases a major version, except while the major
//     version is 0, where it releases a minor one. Options.MajorZero set
//     to false makes it go to 1.0.0.
//   - A commit undone by a git revert in the same range releases nothing,
//     and neither does the revert. Reverts of older commits release
//     nothing either: git's revert subject is not a header.
//   - With no release yet, any commit at all releases Options.Initial:
//     0.1.0, or 1.0.0 if a commit is breaking and MajorZero is off.
//   - A prerelease on channel Options.Pre, such as "rc", is numbered from
//     the version the commits since the last final release call for:
//     1.2.3 plus a feat gives 1.3.0-rc.1, then 1.3.0-rc.2 once more
//     releasing commits land, and 2.0.0-rc.1 if one of them is breaking.
//     A final release after 1.3.0-rc.2 is 1.3.0, even with no new commit.
//   - Options.ReleaseAs names the version outright, and Options.Force
//     names the level; both release even when no commit would.
package versioning

import (
	"strings"

	"github.com/Masterminds/semver/v3"
)

// ParseTag returns the version named by a git tag, reporting false if
// the tag is not prefix followed by a strict semantic version. Prefix ""
// means "v", and with prefix "v" a tag without it, such as "1.2.3", is
// accepted too. Build metadata is kept, but versions that differ only in
// it have the same precedence.
func ParseTag(tag, prefix string) (*semver.Version, bool) {
	if prefix == "" {
		prefix = "v"
	}
	s, ok := strings.CutPrefix(tag, prefix)
	if !ok && prefix != "v" {
		return nil, false
	}

	v, err := semver.StrictNewVersion(s)
	if err != nil {
		return nil, false
	}
	return v, true
}
