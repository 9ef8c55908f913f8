package versioning_test

import (
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"

	"github.com/modpack/modpack/versioning"
)

var parseTagTests = []struct {
	tag    string
	prefix string
	want   string // "" if the tag names no version
}{
	{"v1.2.3", "v", "1.2.3"},
	{"1.2.3", "v", "1.2.3"},
	{"v1.2.3", "", "1.2.3"},
	{"1.2.3", "", "1.2.3"},
	{"v0.0.0", "v", "0.0.0"},
	{"v1.3.0-rc.1", "v", "1.3.0-rc.1"},
	{"v1.0.0-alpha.beta-2", "v", "1.0.0-alpha.beta-2"},
	{"v1.2.3+build.5", "v", "1.2.3+build.5"},
	{"v1.2.3-rc.1+sha.abc", "v", "1.2.3-rc.1+sha.abc"},
	{"pkg-v1.2.3", "pkg-v", "1.2.3"},
	{"payments/v2.0.0", "payments/v", "2.0.0"},

	{"v1.2", "v", ""},
	{"v1", "v", ""},
	{"v01.2.3", "v", ""},
	{"v1.02.3", "v", ""},
	{"v1.2.03", "v", ""},
	{"v1.2.3-01", "v", ""},
	{"v1.2.3-", "v", ""},
	{"v1.2.3-rc..1", "v", ""},
	{"v1.2.3+", "v", ""},
	{"v1.2.3-rc_1", "v", ""},
	{"V1.2.3", "v", ""},
	{"vv1.2.3", "v", ""},
	{"v1.2.3 ", "v", ""},
	{" v1.2.3", "v", ""},
	{"v-1.2.3", "v", ""},
	{"", "v", ""},
	{"v", "v", ""},
	{"release-1.0.0", "v", ""},
	{"v1.2.3", "pkg-v", ""},
	{"1.2.3", "pkg-v", ""},
	{"pkg-1.2.3", "pkg-v", ""},
}

func TestParseTag(t *testing.T) {
	for _, tt := range parseTagTests {
		v, ok := versioning.ParseTag(tt.tag, tt.prefix)
		got := ""
		if ok {
			got = v.String()
		}
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseTag(%q, %q) = %q, %v, want %q", tt.tag, tt.prefix, got, ok, tt.want)
		}
	}
}

func TestParseTagMetadataPrecedence(t *testing.T) {
	a, _ := versioning.ParseTag("v1.2.3+a", "v")
	b, _ := versioning.ParseTag("v1.2.3+b", "v")
	if a.Compare(b) != 0 {
		t.Errorf("ParseTag(%q).Compare(ParseTag(%q)) = %d, want 0", "v1.2.3+a", "v1.2.3+b",
			a.Compare(b))
	}
}

func FuzzParseTag(f *testing.F) {
	for _, tt := range parseTagTests {
		f.Add(tt.tag, tt.prefix)
	}
	f.Fuzz(func(t *testing.T, tag, prefix string) {
		v, ok := versioning.ParseTag(tag, prefix)
		if !ok {
			if v != nil {
				t.Fatalf("ParseTag(%q, %q) = %v, false", tag, prefix, v)
			}
			return
		}

		// The tag is the prefix, which "v" allows to leave out, followed
		// by the version exactly as semver writes it.
		if prefix == "" {
			prefix = "v"
		}
		s := v.String()
		if tag != prefix+s && (prefix != "v" || tag != s) {
			t.Fatalf("ParseTag(%q, %q) = %s, which does not spell the tag", tag, prefix, s)
		}
		if again, err := semver.StrictNewVersion(s); err != nil || !again.Equal(v) ||
			again.Metadata() != v.Metadata() {
			t.Fatalf("ParseTag(%q, %q) = %s, which does not parse back: %v",
				tag, prefix, s, err)
		}
	})
}

func TestBumpString(t *testing.T) {
	for _, tt := range []struct {
		bump versioning.Bump
		want string
	}{
		{versioning.None, "none"},
		{versioning.Patch, "patch"},
		{versioning.Minor, "minor"},
		{versioning.Major, "major"},
		{versioning.Bump(7), "Bump(7)"},
		{versioning.Bump(-1), "Bump(-1)"},
	} {
		if got := tt.bump.String(); got != tt.want {
			t.Errorf("Bump(%d).String() = %q, want %q", int(tt.bump), got, tt.want)
		}
	}
}

func TestParseBump(t *testing.T) {
	for _, b := range []versioning.Bump{
		versioning.None, versioning.Patch, versioning.Minor, versioning.Major,
	} {
		if got, err := versioning.ParseBump(b.String()); got != b || err != nil {
			t.Errorf("ParseBump(%q) = %v, %v, want %v, nil", b.String(), got, err, b)
		}
	}

	for _, s := range []string{"", "Major", "breaking", "Bump(7)"} {
		_, err := versioning.ParseBump(s)
		if err == nil || !strings.Contains(err.Error(), "unknown bump") {
			t.Errorf("ParseBump(%q) error = %v, want unknown bump", s, err)
		}
	}
}
