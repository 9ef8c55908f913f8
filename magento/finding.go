package magento

import (
	"fmt"
	"slices"
	"strings"
)

// Severity says how much a finding matters.
type Severity int

const (
	// Info notes something worth knowing that needs no change.
	Info Severity = iota
	// Warning marks something that works but is fragile or against the
	// Magento or Marketplace guidance.
	Warning
	// Error marks something Magento or the Marketplace rejects.
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText writes s as its name, for JSON output.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// A Finding is one problem or note about one file of a component.
type Finding struct {
	File     string // slash-separated, relative to the component
	Pos      Position
	Severity Severity
	Code     string
	Message  string // what is wrong, naming the values involved
	Fix      string // how to put it right, in one line
}

func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.File)
	if f.Pos.IsValid() {
		fmt.Fprintf(&b, ":%d:%d", f.Pos.Line, f.Pos.Col)
	}
	fmt.Fprintf(&b, ": %s: %s", f.Severity, f.Message)
	if f.Fix != "" {
		b.WriteString("; " + f.Fix)
	}
	fmt.Fprintf(&b, " [%s]", f.Code)
	return b.String()
}

// A Report is what Check found in one component. It is filled in as far
// as the files allow even when some of them could not be read.
type Report struct {
	Component *Component
	Findings  []Finding
}

// Count returns how many findings of severity s r holds.
func (r *Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Sort puts findings in file order, then by place.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Findings, func(a, b Finding) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		return a.Pos.Col - b.Pos.Col
	})
}

// Add records a finding of rule in file at pos, with the fix and a
// message made from format and args.
func (r *Report) Add(file string, pos Position, rule *Rule, fix, format string, args ...any) {
	r.Findings = append(r.Findings, Finding{
		File:     file,
		Pos:      pos,
		Severity: rule.Severity,
		Code:     rule.Code,
		Message:  fmt.Sprintf(format, args...),
		Fix:      fix,
	})
}
