package magento

import "fmt"

// A Position is a 1-based line and column in a file. The zero Position
// stands for the file as a whole.
type Position struct {
	Line int
	Col  int
}

// IsValid reports whether p names a place inside a file.
func (p Position) IsValid() bool { return p.Line > 0 }

func (p Position) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}

// positionAt returns the position of byte offset off in data. Columns
// count bytes, as compilers and editors that jump to "file:line:col" do.
func positionAt(data []byte, off int) Position {
	if off > len(data) {
		off = len(data)
	}
	p := Position{Line: 1, Col: 1}
	for _, b := range data[:off] {
		if b == '\n' {
			p.Line++
			p.Col = 1
			continue
		}
		p.Col++
	}
	return p
}

// A lineIndex turns byte offsets into positions without rescanning the
// file for every lookup.
type lineIndex []int // offsets at which each line starts

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range data {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (idx lineIndex) pos(off int) Position {
	lo, hi := 0, len(idx)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if idx[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return Position{Line: lo + 1, Col: off - idx[lo] + 1}
}
