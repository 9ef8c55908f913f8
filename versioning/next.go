package versioning

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// A Bump is how far a release moves the version.
type Bump int

// The bump levels, from lowest to highest.
const (
	None Bump = iota
	Patch
	Minor
	Major
)

var bumpNames = []string{"none", "patch", "minor", "major"}

// String returns "none", "patch", "minor" or "major".
func (b Bump) String() string {
	if b < None || b > Major {
		return fmt.Sprintf("Bump(%d)", int(b))
	}
	return bumpNames[b]
}

// ParseBump returns the Bump that String names s.
func ParseBump(s string) (Bump, error) {
	i := slices.Index(bumpNames, s)
	if i < 0 {
		return None, fmt.Errorf("unknown bump %q (want none, patch, minor or major)", s)
	}
	return Bump(i), nil
}

// Options controls Next. Start from DefaultOptions: the zero Options maps
// no type to a release and lets a breaking change on 0.x go to 1.0.0.
type Options struct {
	MinorTypes []string // types that release a minor version, any case
	PatchTypes []string // types that release a patch, any case

	// MajorZero keeps the major version at 0: before 1.0.0, a breaking
	// change releases a minor version.
	MajorZero bool

	// Always releases a patch when there are new commits but none of
	// them would release anything.
	Always bool

	// Initial is the first version, released when there is no final
	// release yet. Nil means 0.1.0, or 1.0.0 if a commit is breaking
	// and MajorZero is off.
	Initial *semver.Version

	// Pre is the prerelease channel, such as "rc" or "beta"; "" makes a
	// final release.
	Pre string

	// ReleaseAs is the version to release whatever the commits say. It
	// must be higher than the current version. With Pre, it names the
	// version that the prerelease leads to.
	ReleaseAs *semver.Version

	// Force is the level to release at whatever the commits say. None
	// lets the commits decide.
	Force Bump
}

// DefaultOptions returns the options that implement the policy in the
// package documentation.
func DefaultOptions() Options {
	return Options{
		MinorTypes: []string{"feat"},
		PatchTypes: []string{"fix", "perf"},
		MajorZero:  true,
	}
}

// level returns the level that c calls for on its own, counting a
// breaking change as Major even on 0.x.
func (o Options) level(c Commit) Bump {
	has := func(types []string) bool {
		return slices.ContainsFunc(types, func(t string) bool {
			return strings.EqualFold(t, c.Type)
		})
	}
	switch {
	case !c.Conventional:
		return None
	case c.Breaking:
		return Major
	case has(o.MinorTypes):
		return Minor
	case has(o.PatchTypes):
		return Patch
	}
	return None
}

// Decision is the result of Next: the next version and why.
type Decision struct {
	Previous *semver.Version // the current version; nil if none
	Next     *semver.Version // nil when there is nothing to release

	// Bump is the level that the commits, Options.Always or Options.Force
	// call for, counted from the last final release; under MajorZero a
	// breaking change on 0.x counts as Minor. It is None when Next is
	// nil, and may be None for a first release or a ReleaseAs.
	Bump Bump

	Deciding  []Commit // the commits at the highest level, for -v
	Releasing []Commit // every commit that releases something
}

// channelRE matches a prerelease channel: one identifier that is not a
// number, so that a counter can follow it.
var channelRE = regexp.MustCompile(`^[0-9A-Za-z-]*[A-Za-z-][0-9A-Za-z-]*$`)

// Next decides the version that follows the given history, as the
// package documentation describes. It reports an error for inconsistent
// versions or options, and for a version that would not be higher than
// current; having nothing to release is not an error.
//
// Current is the highest version tag reachable from HEAD, and lastFinal
// the highest one without a prerelease; either may be nil. Commits are
// those reachable from HEAD but not from lastFinal (all of them if it is
// nil), and sinceCurrent those of them not reachable from current either.
// Both lists keep the caller's order, and so do Deciding and Releasing.
func Next(
	current, lastFinal *semver.Version,
	commits, sinceCurrent []Commit,
	opts Options,
) (Decision, error) {
	none := Decision{Previous: current}
	if err := checkNext(current, lastFinal, opts); err != nil {
		return none, err
	}

	// Find what each commit releases, leaving out commits reverted in
	// the range and the reverts that undo them.
	undone := undoneInRange(commits)
	level := func(c Commit) Bump {
		if undone[strings.ToLower(c.Hash)] {
			return None
		}
		return opts.level(c)
	}
	d := Decision{Previous: current}
	var top Bump
	breaking := false
	for _, c := range commits {
		if l := level(c); l > None {
			d.Releasing = append(d.Releasing, c)
			top = max(top, l)
			breaking = breaking || c.Breaking
		}
	}
	for _, c := range d.Releasing {
		if level(c) == top {
			d.Deciding = append(d.Deciding, c)
		}
	}

	// Settle the level: a breaking change stays a minor one on 0.x, new
	// commits release a patch with Always, and Force overrides it all.
	d.Bump = top
	onZero := lastFinal == nil || lastFinal.Major() == 0
	if top == Major && opts.MajorZero && onZero {
		d.Bump = Minor
	}
	if d.Bump == None && opts.Always && len(commits) > 0 {
		d.Bump = Patch
	}
	explicit := opts.Force != None || opts.ReleaseAs != nil
	if opts.Force != None {
		d.Bump = opts.Force
		d.Deciding = nil
	}

	// Find the final version this release is, or leads to.
	var target *semver.Version
	switch {
	case opts.ReleaseAs != nil:
		target = opts.ReleaseAs
		if current != nil && !target.GreaterThan(current) {
			return none, fmt.Errorf("release-as %s is not higher than the current version %s",
				target, current)
		}
	case lastFinal == nil:
		if len(commits) == 0 && !explicit {
			return none, nil
		}
		target = initial(opts, breaking)
	case d.Bump == None:
		return none, nil
	default:
		var err error
		if target, err = bump(lastFinal, d.Bump); err != nil {
			return none, err
		}
	}

	// A prerelease already on its way to a higher version keeps that
	// aim: 2.0.0-rc.1 plus a fix leads to 2.0.0, not to 1.2.4.
	if current != nil && opts.ReleaseAs == nil {
		if base := finalOf(current); base.GreaterThan(target) {
			target = base
		}
	}
	if opts.Pre == "" {
		d.Next = target
		return d, nil
	}

	// Number the prerelease, counting on from the current one when
	// something new since then would release.
	news := func(c Commit) bool {
		return lastFinal == nil || opts.Always || level(c) > None ||
			c.Reverts != "" && releases(commits, c.Reverts, opts)
	}
	hasNews := explicit || slices.ContainsFunc(sinceCurrent, news)
	next, err := nextPrerelease(current, target, opts.Pre, hasNews)
	if err != nil || next == nil {
		return none, err
	}
	d.Next = next
	return d, nil
}

// nextPrerelease returns the prerelease of target on channel that
// follows current. If current is a prerelease of target on channel, the
// next one counts on from it, or is nil if hasNews is false; otherwise
// the count starts at 1.
func nextPrerelease(
	current, target *semver.Version,
	channel string,
	hasNews bool,
) (*semver.Version, error) {
	n := uint64(1)
	if k, ok := counter(current, target, channel); ok {
		if !hasNews {
			return nil, nil
		}
		n = k + 1
	}

	next := semver.New(target.Major(), target.Minor(), target.Patch(),
		channel+"."+strconv.FormatUint(n, 10), "")
	if current != nil && !next.GreaterThan(current) {
		other, _, _ := strings.Cut(current.Prerelease(), ".")
		return nil, fmt.Errorf("next prerelease %s is not higher than the current version %s "+
			"(channels sort in ASCII order; use one after %q)", next, current, other)
	}
	return next, nil
}

// checkNext reports whether Next's versions agree with each other and
// its options make sense.
func checkNext(current, lastFinal *semver.Version, opts Options) error {
	switch {
	case lastFinal != nil && !isFinal(lastFinal):
		return fmt.Errorf("last final version %s is a prerelease", lastFinal)
	case lastFinal == nil && current != nil && isFinal(current),
		lastFinal != nil && current == nil,
		lastFinal != nil && current.LessThan(lastFinal),
		lastFinal != nil && isFinal(current) && !current.Equal(lastFinal):
		return fmt.Errorf("current version %s does not go with last final version %s",
			orNone(current), orNone(lastFinal))
	}

	switch {
	case opts.Pre != "" && !channelRE.MatchString(opts.Pre):
		return fmt.Errorf("invalid prerelease channel %q "+
			"(use letters, digits and hyphens, not only digits)", opts.Pre)
	case opts.Force < None || opts.Force > Major:
		return fmt.Errorf("invalid forced bump %v", opts.Force)
	case opts.Force != None && opts.ReleaseAs != nil:
		return fmt.Errorf("cannot both force a %v bump and release as %s",
			opts.Force, opts.ReleaseAs)
	case opts.ReleaseAs != nil && !isPlain(opts.ReleaseAs):
		return fmt.Errorf("release-as %s is not a plain MAJOR.MINOR.PATCH version "+
			"(set the prerelease channel instead)", opts.ReleaseAs)
	case opts.Initial != nil && !isPlain(opts.Initial):
		return fmt.Errorf("initial version %s is not a plain MAJOR.MINOR.PATCH version",
			opts.Initial)
	}
	return nil
}

// initial returns the first version to release.
func initial(opts Options, breaking bool) *semver.Version {
	switch {
	case opts.Initial != nil:
		return opts.Initial
	case breaking && !opts.MajorZero:
		return semver.New(1, 0, 0, "", "")
	}
	return semver.New(0, 1, 0, "", "")
}

// bump returns v moved up by b, which must not be None. Unlike semver's
// Inc methods it reports overflow as an error instead of panicking.
func bump(v *semver.Version, b Bump) (*semver.Version, error) {
	parts := []uint64{v.Major(), v.Minor(), v.Patch()}

	// Major goes up at index 0, minor at 1 and patch at 2; the numbers
	// after the one that goes up start again at 0.
	i := int(Major - b)
	if parts[i] == math.MaxUint64 {
		return nil, fmt.Errorf("cannot bump the %v number of %s", b, v)
	}
	parts[i]++
	clear(parts[i+1:])
	return semver.New(parts[0], parts[1], parts[2], "", ""), nil
}

// undoneInRange returns, in lower case, the hashes of the commits whose
// change is undone within commits: each commit that a revert in the range
// names, and that revert. A revert that is itself reverted undoes
// nothing, so the commit it named comes back.
func undoneInRange(commits []Commit) map[string]bool {
	inRange := make(map[string]bool)
	revertedBy := make(map[string][]string)
	for _, c := range commits {
		h := strings.ToLower(c.Hash)
		if h == "" {
			continue
		}
		inRange[h] = true
		if c.Reverts != "" {
			revertedBy[c.Reverts] = append(revertedBy[c.Reverts], h)
		}
	}

	// reverted reports whether a revert that is not reverted itself
	// names h. Seen guards against cycles, which only made-up hashes
	// can form.
	memo := make(map[string]bool)
	seen := make(map[string]bool)
	var reverted func(h string) bool
	reverted = func(h string) bool {
		if r, ok := memo[h]; ok || seen[h] {
			return r
		}
		seen[h] = true
		r := slices.ContainsFunc(revertedBy[h], func(by string) bool {
			return !reverted(by)
		})
		memo[h] = r
		return r
	}

	undone := make(map[string]bool)
	for _, c := range commits {
		h := strings.ToLower(c.Hash)
		if h == "" {
			continue
		}
		undoes := c.Reverts != "" && inRange[c.Reverts] && !reverted(h)
		if undoes || reverted(h) {
			undone[h] = true
		}
	}
	return undone
}

// releases reports whether the commit in commits with the given hash
// would release something on its own.
func releases(commits []Commit, hash string, opts Options) bool {
	return slices.ContainsFunc(commits, func(c Commit) bool {
		return strings.EqualFold(c.Hash, hash) && opts.level(c) > None
	})
}

// counter returns the prerelease number of current, reporting false
// unless current is a prerelease of target on the given channel, in the
// form "channel.N".
func counter(current, target *semver.Version, channel string) (uint64, bool) {
	if current == nil || !finalOf(current).Equal(target) {
		return 0, false
	}
	digits, ok := strings.CutPrefix(current.Prerelease(), channel+".")
	if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n == math.MaxUint64 {
		return 0, false
	}
	return n, true
}

// finalOf returns v without its prerelease and build metadata.
func finalOf(v *semver.Version) *semver.Version {
	return semver.New(v.Major(), v.Minor(), v.Patch(), "", "")
}

// isFinal reports whether v is not a prerelease.
func isFinal(v *semver.Version) bool {
	return v.Prerelease() == ""
}

// isPlain reports whether v has neither prerelease nor build metadata.
func isPlain(v *semver.Version) bool {
	return v.Prerelease() == "" && v.Metadata() == ""
}

// orNone returns v as a string, or "none" if v is nil.
func orNone(v *semver.Version) string {
	if v == nil {
		return "none"
	}
	return v.String()
}
