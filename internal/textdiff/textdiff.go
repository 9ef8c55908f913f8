// Package textdiff writes the differences between two texts as a unified
// diff, the format patch, git and code review tools read.
package textdiff

import (
	"fmt"
	"strings"
)

// context is how many unchanged lines surround each change, as in diff -u.
const context = 3

// Unified returns the unified diff that turns a into b, with the file
// names oldName and newName in its header, or "" when a equals b.
func Unified(oldName, newName, a, b string) string {
	if a == b {
		return ""
	}
	x, y := splitLines(a), splitLines(b)
	ops := diffLines(x, y)

	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops) {
		writeHunk(&out, h, ops)
	}
	return out.String()
}

// An op is one line of the edit script: kept, deleted from a, or
// inserted from b. i and j are the line's index in a and in b.
type op struct {
	kind byte // ' ', '-' or '+'
	line string
	i, j int
}

// diffLines returns an edit script from x to y of minimal length, from
// the table of longest common subsequences. composer.json files are a
// few hundred lines, so the quadratic table is small.
func diffLines(x, y []string) []op {
	n, m := len(x), len(y)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}

	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, op{' ', x[i], i, j})
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			// Deletions go first, as diff -u prints them.
			ops = append(ops, op{'-', x[i], i, j})
			i++
		default:
			ops = append(ops, op{'+', y[j], i, j})
			j++
		}
	}
	return ops
}

// A hunk is a run of ops, changes with their context.
type hunk struct{ start, end int }

// hunks groups the changes in ops into hunks, merging those whose
// context would overlap.
func hunks(ops []op) []hunk {
	var out []hunk
	for k, o := range ops {
		if o.kind == ' ' {
			continue
		}
		start, end := max(0, k-context), min(len(ops), k+context+1)
		if len(out) > 0 && start <= out[len(out)-1].end {
			out[len(out)-1].end = end
			continue
		}
		out = append(out, hunk{start, end})
	}
	return out
}

func writeHunk(out *strings.Builder, h hunk, ops []op) {
	first := ops[h.start]
	oldLen, newLen := 0, 0
	for _, o := range ops[h.start:h.end] {
		if o.kind != '+' {
			oldLen++
		}
		if o.kind != '-' {
			newLen++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", span(first.i, oldLen), span(first.j, newLen))
	for _, o := range ops[h.start:h.end] {
		out.WriteByte(o.kind)
		out.WriteString(o.line)
		out.WriteByte('\n')
	}
}

// span formats a hunk range as diff does: 1-based start, and a length
// unless it is 1; an empty range names the line before it.
func span(start, length int) string {
	switch length {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, length)
}

// splitLines splits s into lines without their newlines.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
