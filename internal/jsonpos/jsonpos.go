// Package jsonpos finds where each value of a JSON document starts, so
// that messages about a JSON file can name a line and column. It also
// refuses what encoding/json quietly accepts and Composer does not: an
// object with the same key twice, and bytes that are not UTF-8.
package jsonpos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An Index maps JSON pointers (RFC 6901, "" for the whole document) to
// the byte offsets at which their values start.
type Index map[string]int

// A SyntaxError is a problem at a byte offset of the document.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string { return e.Msg }

// Scan returns the index of data, which must hold exactly one JSON value
// in UTF-8 with no key repeated within an object.
func Scan(data []byte) (Index, error) {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		return nil, &SyntaxError{Offset: off, Msg: "invalid UTF-8; save the file as UTF-8"}
	}

	s := &scanner{
		data:  data,
		dec:   json.NewDecoder(bytes.NewReader(data)),
		index: Index{},
	}
	s.dec.UseNumber()
	if err := s.value(""); err != nil {
		return nil, err
	}
	if off := s.skip(); off < len(data) {
		return nil, &SyntaxError{Offset: off, Msg: "unexpected data after the top-level value"}
	}
	return s.index, nil
}

type scanner struct {
	data  []byte
	dec   *json.Decoder
	index Index
}

// skip returns the offset of the next token: the decoder's position
// moved past white space and the separators it consumes silently.
func (s *scanner) skip() int {
	off := int(s.dec.InputOffset())
	for off < len(s.data) {
		switch s.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (s *scanner) token() (json.Token, error) {
	tok, err := s.dec.Token()
	if err == nil {
		return tok, nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return nil, &SyntaxError{Offset: min(int(se.Offset), len(s.data)), Msg: se.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, &SyntaxError{Offset: len(s.data), Msg: "unexpected end of JSON input"}
	}
	return nil, &SyntaxError{Offset: s.skip(), Msg: err.Error()}
}

func (s *scanner) value(ptr string) error {
	s.index[ptr] = s.skip()
	tok, err := s.token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		return s.object(ptr)
	case json.Delim('['):
		return s.array(ptr)
	}
	return nil
}

func (s *scanner) object(ptr string) error {
	seen := map[string]bool{}
	for s.dec.More() {
		keyOff := s.skip()
		tok, err := s.token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if seen[key] {
			return &SyntaxError{
				Offset: keyOff,
				Msg:    fmt.Sprintf("duplicate key %q; a JSON object names each key once", key),
			}
		}
		seen[key] = true
		if err := s.value(ptr + "/" + escape(key)); err != nil {
			return err
		}
	}
	_, err := s.token() // the closing brace
	return err
}

func (s *scanner) array(ptr string) error {
	for i := 0; s.dec.More(); i++ {
		if err := s.value(ptr + "/" + strconv.Itoa(i)); err != nil {
			return err
		}
	}
	_, err := s.token() // the closing bracket
	return err
}

// escape encodes key as one JSON pointer segment.
func escape(key string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

// Pointer joins keys into a JSON pointer.
func Pointer(keys ...string) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("/" + escape(k))
	}
	return b.String()
}
