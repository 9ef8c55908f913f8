package magento

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxXMLDepth bounds element nesting. Magento's deepest configuration
// trees (acl.xml, system.xml) stay below 15 levels; anything far deeper
// is junk, and refusing it keeps hostile input from costing memory.
const maxXMLDepth = 256

// An xmlNode is one element of an XML file, with the places of its parts
// so that findings can point at them.
type xmlNode struct {
	Name     string // local name; namespaces play no part in Magento's files
	Space    string // namespace URL, when the element has one
	Pos      Position
	Attrs    []xmlAttr
	Children []*xmlNode
	Text     string // character data directly inside, trimmed
	TextPos  Position
}

// An xmlAttr is one attribute of an element.
type xmlAttr struct {
	Name  string // local name
	Space string // namespace URL, for xmlns and xsi attributes
	Value string
	Pos   Position // where the attribute's name starts
}

// attr returns the attribute of n named name that is in no namespace.
func (n *xmlNode) attr(name string) (xmlAttr, bool) {
	for _, a := range n.Attrs {
		if a.Name == name && a.Space == "" {
			return a, true
		}
	}
	return xmlAttr{}, false
}

// children returns the child elements of n named name.
func (n *xmlNode) children(name string) []*xmlNode {
	var out []*xmlNode
	for _, c := range n.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// textPos returns where n's text starts, or where n starts when it holds
// no text.
func textPos(n *xmlNode) Position {
	if n.TextPos.IsValid() {
		return n.TextPos
	}
	return n.Pos
}

// parseXML reads data into a tree of elements. Its errors are
// *SyntaxError values that say where the document went wrong.
func parseXML(data []byte) (*xmlNode, error) {
	lines := newLineIndex(data)
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true

	var (
		root  *xmlNode
		stack []*xmlNode
		text  strings.Builder
		// textOff is where the text of the innermost element starts.
		textOff = -1
	)
	syntaxErr := func(off int, format string, args ...any) error {
		return &SyntaxError{Pos: lines.pos(off), Msg: fmt.Sprintf(format, args...)}
	}

	for {
		start := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xmlError(err, d, lines)
		}
		end := int(d.InputOffset())

		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil && len(stack) == 0 {
				return nil, syntaxErr(start,
					"second root element <%s>; an XML file has exactly one root",
					t.Name.Local)
			}
			if len(stack) >= maxXMLDepth {
				return nil, syntaxErr(start,
					"elements nested more than %d deep", maxXMLDepth)
			}
			n := &xmlNode{
				Name:  t.Name.Local,
				Space: t.Name.Space,
				Pos:   lines.pos(start),
				Attrs: attrsWithPositions(t.Attr, data[start:end], start, lines),
			}
			if len(stack) == 0 {
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, n)
			}
			stack = append(stack, n)
			text.Reset()
			textOff = -1

		case xml.EndElement:
			n := stack[len(stack)-1]
			n.Text = strings.TrimSpace(text.String())
			if n.Text != "" && textOff >= 0 {
				n.TextPos = lines.pos(textOff)
			}
			stack = stack[:len(stack)-1]
			text.Reset()
			textOff = -1

		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, syntaxErr(start,
						"text outside the root element")
				}
				continue
			}
			if textOff < 0 {
				lead := len(t) - len(bytes.TrimLeft(t, " \t\r\n"))
				if lead < len(t) {
					textOff = start + lead
				}
			}
			text.Write(t)
		}
	}

	if root == nil {
		return nil, &SyntaxError{
			Pos: lines.pos(len(data)),
			Msg: "no root element; the file holds no XML document",
		}
	}
	return root, nil
}

// xmlError turns an error from encoding/xml into a *SyntaxError with the
// line and column at which the decoder stopped.
func xmlError(err error, d *xml.Decoder, lines lineIndex) error {
	pos := lines.pos(int(d.InputOffset()))
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = se.Msg
		if se.Line > 0 && se.Line != pos.Line {
			pos = Position{Line: se.Line, Col: 1}
		}
	}
	if strings.Contains(msg, "CharsetReader") {
		return &SyntaxError{Pos: pos, Msg: "the file declares an encoding other than UTF-8; save it as UTF-8"}
	}
	return &SyntaxError{Pos: pos, Msg: "malformed XML: " + msg}
}

// attrsWithPositions pairs the decoded attributes of a start tag with
// where each one's name stands in tag, the raw bytes of that tag, which
// begin at offset base of the file.
func attrsWithPositions(attrs []xml.Attr, tag []byte, base int, lines lineIndex) []xmlAttr {
	if len(attrs) == 0 {
		return nil
	}
	offsets := scanAttrOffsets(tag)
	out := make([]xmlAttr, len(attrs))
	for i, a := range attrs {
		out[i] = xmlAttr{Name: a.Name.Local, Space: a.Name.Space, Value: a.Value}
		if i < len(offsets) {
			out[i].Pos = lines.pos(base + offsets[i])
		}
	}
	return out
}

// scanAttrOffsets returns the offsets within a well-formed start tag at
// which its attribute names begin, in order. encoding/xml reports
// attributes in source order, so the two lists line up.
func scanAttrOffsets(tag []byte) []int {
	isSpace := func(b byte) bool {
		return b == ' ' || b == '\t' || b == '\n' || b == '\r'
	}

	// Skip "<" and the element name.
	i := 1
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
		i++
	}

	var offsets []int
	for i < len(tag) {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] == '>' || tag[i] == '/' {
			break
		}
		offsets = append(offsets, i)

		// Skip the name, the "=" and the quoted value.
		for i < len(tag) && tag[i] != '=' {
			i++
		}
		for i < len(tag) && tag[i] != '"' && tag[i] != '\'' {
			i++
		}
		if i >= len(tag) {
			break
		}
		quote := tag[i]
		i++
		for i < len(tag) && tag[i] != quote {
			i++
		}
		i++
	}
	return offsets
}
