package jsonpos

import (
	"errors"
	"maps"
	"testing"
)

func TestScan(t *testing.T) {
	data := `{"a": 1, "b/c": {"d": [true, null]}, "e~": ""}`
	got, err := Scan([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := Index{"": 0, "/a": 6, "/b~1c": 16, "/b~1c/d": 22, "/b~1c/d/0": 23, "/b~1c/d/1": 29, "/e~0": 43}
	if !maps.Equal(got, want) {
		t.Errorf("Scan(%q) = %v, want %v", data, got, want)
	}
}

func TestScanErrors(t *testing.T) {
	tests := []struct {
		in  string
		off int
	}{
		{``, 0},
		{`{"a": 1,}`, 8},
		{`{"a" 1}`, 5},
		{`{"a": 1, "a": 2}`, 9},
		{`{"x": {"a": 1, "b": 2, "a": 3}}`, 23},
		{`[1] [2]`, 4},
		{`{"a":`, 5},
		{"\"\xff\"", 1},
	}
	for _, tt := range tests {
		_, err := Scan([]byte(tt.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Scan(%q) error = %v, want a *SyntaxError", tt.in, err)
			continue
		}
		if se.Offset != tt.off {
			t.Errorf("Scan(%q) error at %d (%v), want %d", tt.in, se.Offset, err, tt.off)
		}
	}
}

func TestPointer(t *testing.T) {
	if got, want := Pointer("autoload", "psr-4", `A\B\`), `/autoload/psr-4/A\B\`; got != want {
		t.Errorf("Pointer = %q, want %q", got, want)
	}
	if got, want := Pointer("a/b", "c~d"), "/a~1b/c~0d"; got != want {
		t.Errorf("Pointer = %q, want %q", got, want)
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,{"b":null}]}`, `{"a":1,"a":2}`, `[`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		idx, err := Scan(data)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Offset < 0 || se.Offset > len(data) {
				t.Fatalf("Scan(%q) = %v, want a *SyntaxError inside the input", data, err)
			}
			return
		}
		for ptr, off := range idx {
			if off < 0 || off >= len(data) {
				t.Fatalf("Scan(%q)[%q] = %d, outside the input", data, ptr, off)
			}
		}
	})
}
