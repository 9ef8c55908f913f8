package versioning_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"

	"github.com/modpack/modpack/versioning"
)

// hashOf returns the made-up hash of the commit at index i of a test's
// history, newest first.
func hashOf(i int) string {
	return fmt.Sprintf("%040d", i+1)
}

// revertOf returns git revert's message for the commit at index i.
func revertOf(i int, subject string) string {
	return fmt.Sprintf("Revert %q\n\nThis reverts commit %s.", subject, hashOf(i))
}

// history parses messages, newest first, into commits with hashOf
// hashes.
func history(messages []string) []versioning.Commit {
	var commits []versioning.Commit
	for i, m := range messages {
		commits = append(commits, versioning.Parse(hashOf(i), m, 1))
	}
	return commits
}

// version parses s, or returns nil if s is "".
func version(t *testing.T, s string) *semver.Version {
	t.Helper()
	if s == "" {
		return nil
	}
	v, err := semver.StrictNewVersion(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Helpers that change the default options.
func pre(channel string) func(*versioning.Options) {
	return func(o *versioning.Options) { o.Pre = channel }
}

func force(b versioning.Bump) func(*versioning.Options) {
	return func(o *versioning.Options) { o.Force = b }
}

func releaseAs(v string) func(*versioning.Options) {
	return func(o *versioning.Options) { o.ReleaseAs = semver.MustParse(v) }
}

func initial(v string) func(*versioning.Options) {
	return func(o *versioning.Options) { o.Initial = semver.MustParse(v) }
}

func majorOnZero(o *versioning.Options) { o.MajorZero = false }

func always(o *versioning.Options) { o.Always = true }

func patchTypes(types ...string) func(*versioning.Options) {
	return func(o *versioning.Options) { o.PatchTypes = types }
}

func minorTypes(types ...string) func(*versioning.Options) {
	return func(o *versioning.Options) { o.MinorTypes = types }
}

var nextTests = []struct {
	name      string
	current   string   // highest version tag; "" for none
	lastFinal string   // highest final version tag; "" for none
	new       []string // commits since current, newest first
	old       []string // commits since lastFinal but not current
	opts      []func(*versioning.Options)
	want      string // next version; "" for nothing to release
	bump      versioning.Bump
	err       string // error; "" for none
}{
	// With no tag, any commit releases the initial version.
	{name: "no tag: any commit", new: []string{"Initial commit"},
		want: "0.1.0", bump: versioning.None},
	{name: "no tag: feat", new: []string{"feat: a", "chore: init"},
		want: "0.1.0", bump: versioning.Minor},
	{name: "no tag: breaking stays on 0", new: []string{"feat!: a"},
		want: "0.1.0", bump: versioning.Minor},
	{name: "no tag: breaking, major on zero", new: []string{"feat!: a"},
		opts: fns(majorOnZero), want: "1.0.0", bump: versioning.Major},
	{name: "no tag: no commits", want: ""},
	{name: "no tag: initial option", new: []string{"feat!: a"},
		opts: fns(initial("1.0.0"), majorOnZero), want: "1.0.0", bump: versioning.Major},
	{name: "no tag: prerelease", new: []string{"fix: a"},
		opts: fns(pre("rc")), want: "0.1.0-rc.1", bump: versioning.Patch},
	{name: "no final: next prerelease", current: "0.1.0-rc.1",
		new: []string{"docs: a"}, old: []string{"Initial commit"},
		opts: fns(pre("rc")), want: "0.1.0-rc.2"},
	{name: "no final: nothing since the prerelease", current: "0.1.0-rc.1",
		old: []string{"feat: a"}, opts: fns(pre("rc")), want: ""},
	{name: "no final: final release", current: "0.1.0-rc.1",
		old: []string{"feat: a"}, want: "0.1.0", bump: versioning.Minor},
	{name: "no final: prerelease keeps its aim", current: "2.0.0-rc.1",
		new: []string{"fix: a"}, want: "2.0.0", bump: versioning.Patch},

	// From a final release, the highest level wins.
	{name: "fix", current: "1.2.3", lastFinal: "1.2.3", new: []string{"fix: a"},
		want: "1.2.4", bump: versioning.Patch},
	{name: "perf", current: "1.2.3", lastFinal: "1.2.3", new: []string{"perf: a"},
		want: "1.2.4", bump: versioning.Patch},
	{name: "feat", current: "1.2.3", lastFinal: "1.2.3", new: []string{"feat: a"},
		want: "1.3.0", bump: versioning.Minor},
	{name: "feat!", current: "1.2.3", lastFinal: "1.2.3", new: []string{"feat!: a"},
		want: "2.0.0", bump: versioning.Major},
	{name: "BREAKING CHANGE footer", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"fix: a\n\nBREAKING CHANGE: b"}, want: "2.0.0", bump: versioning.Major},
	{name: "BREAKING-CHANGE footer", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"fix: a\n\nBREAKING-CHANGE: b"}, want: "2.0.0", bump: versioning.Major},
	{name: "fix, feat and feat!", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"fix: a", "feat: b", "feat!: c"}, want: "2.0.0", bump: versioning.Major},
	{name: "docs and chore only", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"docs: a", "chore: b"}, want: ""},
	{name: "no commits", current: "1.2.3", lastFinal: "1.2.3", want: ""},
	{name: "merge and revert subjects", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"Merge pull request #1 from a/feat-x", `Revert "feat: x"`}, want: ""},
	{name: "lower-case breaking change", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"fix: a\n\nbreaking change: b"}, want: "1.2.4", bump: versioning.Patch},
	{name: "breaking change in the body", current: "1.2.3", lastFinal: "1.2.3",
		new:  []string{"fix: a\n\nsee\nBREAKING CHANGE: b\nabove"},
		want: "1.2.4", bump: versioning.Patch},
	{name: "feat without space", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"feat:b"}, want: ""},
	{name: "upper-case type", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"FEAT: b"}, want: "1.3.0", bump: versioning.Minor},
	{name: "feat mid-subject", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"docs: explain feat: usage"}, want: ""},
	{name: "revert type", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"revert: a"}, want: ""},
	{name: "revert type as patch", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"revert: a"}, opts: fns(patchTypes("fix", "perf", "Revert")),
		want: "1.2.4", bump: versioning.Patch},
	{name: "custom minor type", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"feature: a"}, opts: fns(minorTypes("feat", "feature")),
		want: "1.3.0", bump: versioning.Minor},
	{name: "always: docs only", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"docs: a"}, opts: fns(always), want: "1.2.4", bump: versioning.Patch},
	{name: "always: no commits", current: "1.2.3", lastFinal: "1.2.3",
		opts: fns(always), want: ""},

	// A commit reverted in the range releases nothing.
	{name: "feat reverted in range", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{revertOf(1, "feat: a"), "feat: a"}, want: ""},
	{name: "feat reverted next to a fix", current: "1.2.3", lastFinal: "1.2.3",
		new:  []string{"fix: b", revertOf(2, "feat: a"), "feat: a"},
		want: "1.2.4", bump: versioning.Patch},
	{name: "revert reverted", current: "1.2.3", lastFinal: "1.2.3",
		new:  []string{revertOf(1, `Revert "feat: a"`), revertOf(2, "feat: a"), "feat: a"},
		want: "1.3.0", bump: versioning.Minor},
	{name: "revert of a released commit", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{revertOf(5, "feat: a")}, want: ""},
	{name: "revert type reverted", current: "1.2.3", lastFinal: "1.2.3",
		new:  []string{revertOf(1, "revert: a"), "revert: a"},
		opts: fns(patchTypes("revert")), want: ""},

	// Before 1.0.0.
	{name: "0.x: feat!", current: "0.3.0", lastFinal: "0.3.0", new: []string{"feat!: a"},
		want: "0.4.0", bump: versioning.Minor},
	{name: "0.x: breaking footer", current: "0.3.0", lastFinal: "0.3.0",
		new: []string{"fix: a\n\nBREAKING CHANGE: b"}, want: "0.4.0", bump: versioning.Minor},
	{name: "0.x: feat! with major on zero", current: "0.3.0", lastFinal: "0.3.0",
		new: []string{"feat!: a"}, opts: fns(majorOnZero), want: "1.0.0", bump: versioning.Major},
	{name: "0.x: feat", current: "0.3.0", lastFinal: "0.3.0", new: []string{"feat: a"},
		want: "0.4.0", bump: versioning.Minor},
	{name: "0.x: fix", current: "0.3.0", lastFinal: "0.3.0", new: []string{"fix: a"},
		want: "0.3.1", bump: versioning.Patch},

	// Prereleases count from the last final release.
	{name: "first prerelease", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"feat: a"}, opts: fns(pre("rc")), want: "1.3.0-rc.1", bump: versioning.Minor},
	{name: "next prerelease", current: "1.3.0-rc.1", lastFinal: "1.2.3",
		new: []string{"fix: b"}, old: []string{"feat: a"}, opts: fns(pre("rc")),
		want: "1.3.0-rc.2", bump: versioning.Minor},
	{name: "prerelease raised by a breaking change", current: "1.3.0-rc.1", lastFinal: "1.2.3",
		new: []string{"feat!: b"}, old: []string{"feat: a"}, opts: fns(pre("rc")),
		want: "2.0.0-rc.1", bump: versioning.Major},
	{name: "other channel", current: "1.3.0-beta.2", lastFinal: "1.2.3",
		old: []string{"feat: a"}, opts: fns(pre("rc")), want: "1.3.0-rc.1", bump: versioning.Minor},
	{name: "final after prereleases", current: "1.3.0-rc.2", lastFinal: "1.2.3",
		old: []string{"feat: a"}, want: "1.3.0", bump: versioning.Minor},
	{name: "prerelease with nothing new", current: "1.3.0-rc.2", lastFinal: "1.2.3",
		old: []string{"feat: a"}, opts: fns(pre("rc")), want: ""},
	{name: "prerelease with only docs new", current: "1.3.0-rc.1", lastFinal: "1.2.3",
		new: []string{"docs: b"}, old: []string{"feat: a"}, opts: fns(pre("rc")), want: ""},
	{name: "prerelease after a revert of its feat", current: "1.3.0-rc.1", lastFinal: "1.2.3",
		new: []string{"fix: c", revertOf(2, "feat: a")}, old: []string{"feat: a", "feat: b"},
		opts: fns(pre("rc")), want: "1.3.0-rc.2", bump: versioning.Minor},
	{name: "prerelease with only a revert new", current: "1.3.0-rc.1", lastFinal: "1.2.3",
		new: []string{revertOf(1, "feat: a")}, old: []string{"feat: a", "feat: b"},
		opts: fns(pre("rc")), want: "1.3.0-rc.2", bump: versioning.Minor},
	{name: "prerelease all reverted", current: "1.3.0-rc.1", lastFinal: "1.2.3",
		new: []string{revertOf(1, "feat: a")}, old: []string{"feat: a"},
		opts: fns(pre("rc")), want: ""},
	{name: "prerelease without a counter", current: "1.3.0-rc", lastFinal: "1.2.3",
		old: []string{"feat: a"}, opts: fns(pre("rc")), want: "1.3.0-rc.1", bump: versioning.Minor},
	{name: "prerelease keeps its aim", current: "2.0.0-rc.1", lastFinal: "1.2.3",
		new: []string{"fix: b"}, old: []string{"feat!: a"}, opts: fns(pre("rc")),
		want: "2.0.0-rc.2", bump: versioning.Major},
	{name: "prerelease on 0.x", current: "0.3.0", lastFinal: "0.3.0",
		new: []string{"feat!: a"}, opts: fns(pre("beta")), want: "0.4.0-beta.1",
		bump: versioning.Minor},
	{name: "channel that sorts lower", current: "1.3.0-rc.1", lastFinal: "1.2.3",
		new: []string{"fix: b"}, old: []string{"feat: a"}, opts: fns(pre("beta")),
		err: `next prerelease 1.3.0-beta.1 is not higher than the current version 1.3.0-rc.1 ` +
			`(channels sort in ASCII order; use one after "rc")`},

	// Release-as names the version.
	{name: "release-as", current: "1.2.3", lastFinal: "1.2.3",
		opts: fns(releaseAs("2.0.0")), want: "2.0.0"},
	{name: "release-as lower", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"feat: a"}, opts: fns(releaseAs("1.0.0")),
		err: "release-as 1.0.0 is not higher than the current version 1.2.3"},
	{name: "release-as current", current: "1.2.3", lastFinal: "1.2.3",
		opts: fns(releaseAs("1.2.3")),
		err:  "release-as 1.2.3 is not higher than the current version 1.2.3"},
	{name: "release-as below a prerelease", current: "2.0.0-rc.1", lastFinal: "1.2.3",
		opts: fns(releaseAs("1.5.0")),
		err:  "release-as 1.5.0 is not higher than the current version 2.0.0-rc.1"},
	{name: "release-as with a prerelease channel", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"fix: a"}, opts: fns(releaseAs("2.0.0"), pre("rc")),
		want: "2.0.0-rc.1", bump: versioning.Patch},
	{name: "release-as continues a prerelease", current: "2.0.0-rc.1", lastFinal: "1.2.3",
		opts: fns(releaseAs("2.0.0"), pre("rc")), want: "2.0.0-rc.2"},
	{name: "release-as finishes a prerelease", current: "1.3.0-rc.2", lastFinal: "1.2.3",
		old: []string{"feat: a"}, opts: fns(releaseAs("1.3.0")),
		want: "1.3.0", bump: versioning.Minor},
	{name: "release-as without tags", opts: fns(releaseAs("1.0.0")), want: "1.0.0"},
	{name: "release-as a prerelease", current: "1.2.3", lastFinal: "1.2.3",
		opts: fns(releaseAs("2.0.0-rc.1")),
		err: "release-as 2.0.0-rc.1 is not a plain MAJOR.MINOR.PATCH version " +
			"(set the prerelease channel instead)"},

	// Force sets the level.
	{name: "force major", current: "1.2.3", lastFinal: "1.2.3", new: []string{"fix: a"},
		opts: fns(force(versioning.Major)), want: "2.0.0", bump: versioning.Major},
	{name: "force patch without commits", current: "1.2.3", lastFinal: "1.2.3",
		opts: fns(force(versioning.Patch)), want: "1.2.4", bump: versioning.Patch},
	{name: "force patch over feat", current: "1.2.3", lastFinal: "1.2.3",
		new: []string{"feat: a"}, opts: fns(force(versioning.Patch)),
		want: "1.2.4", bump: versioning.Patch},
	{name: "force major on 0.x", current: "0.3.0", lastFinal: "0.3.0",
		opts: fns(force(versioning.Major)), want: "1.0.0", bump: versioning.Major},
	{name: "force a prerelease with nothing new", current: "1.3.0-rc.1", lastFinal: "1.2.3",
		old: []string{"feat: a"}, opts: fns(force(versioning.Minor), pre("rc")),
		want: "1.3.0-rc.2", bump: versioning.Minor},
	{name: "force and release-as", current: "1.2.3", lastFinal: "1.2.3",
		opts: fns(force(versioning.Minor), releaseAs("2.0.0")),
		err:  "cannot both force a minor bump and release as 2.0.0"},
	{name: "force out of range", current: "1.2.3", lastFinal: "1.2.3",
		opts: fns(force(versioning.Bump(9))), err: "invalid forced bump Bump(9)"},

	// Versions and options that do not fit.
	{name: "last final is a prerelease", current: "1.3.0-rc.1", lastFinal: "1.3.0-rc.1",
		err: "last final version 1.3.0-rc.1 is a prerelease"},
	{name: "current below last final", current: "1.2.0-rc.1", lastFinal: "1.2.3",
		err: "current version 1.2.0-rc.1 does not go with last final version 1.2.3"},
	{name: "current final but not last final", current: "1.3.0", lastFinal: "1.2.3",
		err: "current version 1.3.0 does not go with last final version 1.2.3"},
	{name: "current final without last final", current: "1.2.3",
		err: "current version 1.2.3 does not go with last final version none"},
	{name: "last final without current", lastFinal: "1.2.3",
		err: "current version none does not go with last final version 1.2.3"},
	{name: "numeric channel", current: "1.2.3", lastFinal: "1.2.3", opts: fns(pre("1")),
		err: `invalid prerelease channel "1" (use letters, digits and hyphens, not only digits)`},
	{name: "dotted channel", current: "1.2.3", lastFinal: "1.2.3", opts: fns(pre("rc.1")),
		err: `invalid prerelease channel "rc.1" (use letters, digits and hyphens, not only digits)`},
	{name: "initial with a prerelease", opts: fns(initial("1.0.0-rc.1")),
		err: "initial version 1.0.0-rc.1 is not a plain MAJOR.MINOR.PATCH version"},
	{name: "overflow", current: "1.18446744073709551615.0",
		lastFinal: "1.18446744073709551615.0", new: []string{"feat: a"},
		err: "cannot bump the minor number of 1.18446744073709551615.0"},
}

// fns lists option changes, to keep the table rows short.
func fns(f ...func(*versioning.Options)) []func(*versioning.Options) {
	return f
}

func TestNext(t *testing.T) {
	for _, tt := range nextTests {
		t.Run(tt.name, func(t *testing.T) {
			opts := versioning.DefaultOptions()
			for _, f := range tt.opts {
				f(&opts)
			}
			commits := history(append(append([]string{}, tt.new...), tt.old...))
			since := commits[:len(tt.new)]
			call := fmt.Sprintf("Next(%s, %s, %q)", orNone(tt.current), orNone(tt.lastFinal),
				append(append([]string{}, tt.new...), tt.old...))

			d, err := versioning.Next(version(t, tt.current), version(t, tt.lastFinal),
				commits, since, opts)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("%s error = %v, want %s", call, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s error = %v", call, err)
			}

			if got := str(d.Next); got != tt.want || d.Bump != tt.bump {
				t.Errorf("%s = %s (%v), want %s (%v)", call, orNone(got), d.Bump,
					orNone(tt.want), tt.bump)
			}
			if got := str(d.Previous); got != tt.current {
				t.Errorf("%s.Previous = %s, want %s", call, orNone(got), orNone(tt.current))
			}
		})
	}
}

// str returns v as a string, or "" if v is nil.
func str(v *semver.Version) string {
	if v == nil {
		return ""
	}
	return v.String()
}

// orNone returns s, or "none" if s is "".
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func TestNextReasons(t *testing.T) {
	tests := []struct {
		name      string
		lastFinal string
		messages  []string
		opts      []func(*versioning.Options)
		deciding  []string // descriptions
		releasing []string
	}{
		{"highest level decides", "1.2.3",
			[]string{"fix: a", "docs: b", "feat: c", "feat!: d", "fix(x)!: e"}, nil,
			[]string{"d", "e"}, []string{"a", "c", "d", "e"}},
		{"breaking decides on 0.x", "0.3.0",
			[]string{"feat: a", "feat!: b"}, nil,
			[]string{"b"}, []string{"a", "b"}},
		{"reverted commits release nothing", "1.2.3",
			[]string{revertOf(1, "feat: a"), "feat: a", "fix: b"}, nil,
			[]string{"b"}, []string{"b"}},
		{"forced", "1.2.3",
			[]string{"fix: a"}, fns(force(versioning.Major)),
			nil, []string{"a"}},
		{"always", "1.2.3",
			[]string{"docs: a"}, fns(always),
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := versioning.DefaultOptions()
			for _, f := range tt.opts {
				f(&opts)
			}
			v := version(t, tt.lastFinal)
			commits := history(tt.messages)

			d, err := versioning.Next(v, v, commits, commits, opts)
			if err != nil {
				t.Fatal(err)
			}
			deciding, releasing := descriptions(d.Deciding), descriptions(d.Releasing)
			if deciding != strings.Join(tt.deciding, ",") ||
				releasing != strings.Join(tt.releasing, ",") {
				t.Errorf("Next(%s, %q) decided by [%s], releasing [%s], want [%s], [%s]",
					tt.lastFinal, tt.messages, deciding, releasing,
					strings.Join(tt.deciding, ","), strings.Join(tt.releasing, ","))
			}
		})
	}
}

// descriptions returns the commits' descriptions, joined by commas.
func descriptions(commits []versioning.Commit) string {
	var ds []string
	for _, c := range commits {
		ds = append(ds, c.Description)
	}
	return strings.Join(ds, ",")
}

func TestNextNothingToRelease(t *testing.T) {
	v := semver.MustParse("1.2.3")
	commits := history([]string{"docs: a", "feat!: b"})
	d, err := versioning.Next(v, v, commits[:1], commits[:1], versioning.DefaultOptions())
	if err != nil || d.Next != nil || d.Bump != versioning.None ||
		d.Deciding != nil || d.Releasing != nil || d.Previous != v {
		t.Errorf("Next(1.2.3, [docs: a]) = %+v, %v, want only Previous", d, err)
	}
}
