// Package sections is what a page is made of: an ordered list of typed sections (a hero, rich text, a
// gallery, a price list …), each with settings and repeatable blocks, stored as JSON and validated against
// the section type's schema. The schemas are shared by every design, so switching design keeps every page;
// package themes renders them in the class vocabulary of themes/doc.go.
//
// Values in Settings are JSON values: strings for every kind but "toggle" (a bool) and "number" (an int
// after Validate; JSON numbers decode as float64 and are normalised in place). An image field holds a
// string: "" for none, the decimal ID of a picture in the site's media library ("42"), or the name of one
// of the design's own illustrations ("art-a" … "art-d"), which every design draws in its own style. IDs are
// strings so that JavaScript never rounds them.
package sections

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// FieldKind is the kind of a setting: it decides the form control the editor shows and the check
// Validate makes.
type FieldKind string

// The kinds of field.
const (
	Text     FieldKind = "text"     // one line of plain text
	Textarea FieldKind = "textarea" // plain text; line breaks are kept
	RichText FieldKind = "richtext" // sanitised HTML from the WYSIWYG editor
	Image    FieldKind = "image"    // "", a media ID ("42") or a design illustration ("art-a")
	Link     FieldKind = "link"     // "/path", "https://…", "http://…", "mailto:…", "tel:…", "#anchor"
	Colour   FieldKind = "colour"   // "#rrggbb" or ""
	Align    FieldKind = "align"    // one of Options
	Toggle   FieldKind = "toggle"   // bool
	Number   FieldKind = "number"   // int between Min and Max
	Select   FieldKind = "select"   // one of Options
	Form     FieldKind = "form"     // the slug of one of the site's forms (internal/forms), or ""
	HTML     FieldKind = "html"     // custom HTML, sanitised like rich text (Premium)
)

// Option is one choice of a select or align field.
type Option struct{ Value, Label string }

// Field is one setting of a section or block.
type Field struct {
	Name, Label, Help string
	Kind              FieldKind
	Required          bool
	Max               int // max length in characters for text kinds, max value for number
	Min               int // min value for number
	Options           []Option
	Default           any
}

// BlockType is the schema of a section's repeatable blocks.
type BlockType struct {
	Name, Title string
	Fields      []Field
}

// Type is a section type: its name, what the gallery shows and its settings schema.
type Type struct {
	Name, Title, Description string
	Thumbnail                string // file name of an SVG under themes/sections/thumbs/, or ""
	Fields                   []Field
	Block                    *BlockType // nil: no repeatable blocks
	MaxBlocks                int
	Premium                  bool // custom HTML: only on plans that allow it
	// DefaultBlocks is how many blocks New gives a section, so that a new section shows what it is for.
	DefaultBlocks int
}

// Field returns the field called name.
func (t Type) Field(name string) (Field, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Block is one repeatable item of a section (a card, a testimonial, a picture of a gallery).
type Block struct {
	ID       string         `json:"id"`
	Settings map[string]any `json:"settings"`
}

// Section is one section of a page.
type Section struct {
	ID       string         `json:"id"` // random, 128 bits, hex
	Type     string         `json:"type"`
	Settings map[string]any `json:"settings"`
	Blocks   []Block        `json:"blocks,omitempty"`
}

// Get returns the value of a setting as a string ("" when absent or not a string).
func (s Section) Get(name string) string { return str(s.Settings, name) }

// Get returns the value of a block setting as a string ("" when absent or not a string).
func (b Block) Get(name string) string { return str(b.Settings, name) }

func str(m map[string]any, name string) string {
	v, _ := m[name].(string)
	return v
}

// Int returns a number setting (0 when absent).
func (s Section) Int(name string) int {
	switch v := s.Settings[name].(type) {
	case int:
		return v
	case float64:
		return int(v)
	case int64:
		return int(v)
	}
	return 0
}

// Bool returns a toggle setting.
func (s Section) Bool(name string) bool {
	v, _ := s.Settings[name].(bool)
	return v
}

// Limits of a page.
const (
	MaxSections = 60      // sections on one page
	MaxJSON     = 1 << 20 // bytes of a page's encoded sections
)

// FieldError is one problem with a page's sections, for a person: Section and Block are indexes (Block
// is -1 for a section's own field, Section is -1 for the page as a whole), Field the setting's name ("" for
// the section or block itself).
type FieldError struct {
	Section, Block int
	Field, Message string
}

func (e FieldError) Error() string {
	var b strings.Builder
	if e.Section >= 0 {
		fmt.Fprintf(&b, "section %d", e.Section+1)
		if e.Block >= 0 {
			fmt.Fprintf(&b, ", block %d", e.Block+1)
		}
		if e.Field != "" {
			fmt.Fprintf(&b, ", %s", e.Field)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// FieldErrors is every problem found at once, so the editor can show each next to its field.
type FieldErrors []FieldError

func (es FieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// For returns the errors of one section's field (block -1) or one block's field.
func (es FieldErrors) For(section, block int, field string) []FieldError {
	var out []FieldError
	for _, e := range es {
		if e.Section == section && e.Block == block && e.Field == field {
			out = append(out, e)
		}
	}
	return out
}

// Types returns every section type, in gallery order. The slice is new; the types share their fields.
func Types() []Type {
	out := make([]Type, len(registry))
	copy(out, registry)
	return out
}

// Lookup returns the type called name.
func Lookup(name string) (Type, bool) {
	i, ok := byName[name]
	if !ok {
		return Type{}, false
	}
	return registry[i], true
}

// NewID returns a random 128-bit ID in hex.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand never fails on supported platforms (Go 1.24+ panics itself).
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

// New returns a section of the type with its default settings and default blocks.
func New(typeName string) (Section, error) {
	t, ok := Lookup(typeName)
	if !ok {
		return Section{}, fmt.Errorf("unknown section type %q", typeName)
	}
	s := Section{ID: NewID(), Type: t.Name, Settings: defaults(t.Fields)}
	if t.Block != nil {
		for i := 0; i < t.DefaultBlocks; i++ {
			s.Blocks = append(s.Blocks, Block{ID: NewID(), Settings: defaults(t.Block.Fields)})
		}
	}
	return s, nil
}

// NewBlock returns a block for a section of the type, with default settings.
func NewBlock(typeName string) (Block, error) {
	t, ok := Lookup(typeName)
	if !ok {
		return Block{}, fmt.Errorf("unknown section type %q", typeName)
	}
	if t.Block == nil {
		return Block{}, fmt.Errorf("a %s section has no blocks", t.Title)
	}
	return Block{ID: NewID(), Settings: defaults(t.Block.Fields)}, nil
}

func defaults(fields []Field) map[string]any {
	m := make(map[string]any, len(fields))
	for _, f := range fields {
		switch {
		case f.Default != nil:
			m[f.Name] = f.Default
		case f.Kind == Toggle:
			m[f.Name] = false
		case f.Kind == Number:
			m[f.Name] = f.Min
		default:
			m[f.Name] = ""
		}
	}
	return m
}

// Decode parses a page's sections from JSON and validates them. Invalid data gives FieldErrors (or a plain
// error when the JSON itself is broken); it never panics. "null" and "" are an empty page.
func Decode(data []byte) ([]Section, error) {
	if len(data) > MaxJSON {
		return nil, fmt.Errorf("the page is too large (more than %d KB)", MaxJSON>>10)
	}
	trimmed := strings.TrimSpace(string(data))
	if trimmed == "" || trimmed == "null" {
		return nil, nil
	}
	var secs []Section
	dec := json.NewDecoder(strings.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&secs); err != nil {
		return nil, fmt.Errorf("the page's sections are not valid: %w", err)
	}
	if dec.More() {
		return nil, errors.New("the page's sections are not valid: data after the list")
	}
	if err := Validate(secs); err != nil {
		return nil, err
	}
	return secs, nil
}

// Encode writes sections as JSON, the form Decode reads.
func Encode(secs []Section) ([]byte, error) {
	if secs == nil {
		secs = []Section{}
	}
	return json.Marshal(secs)
}

// Clone returns a deep copy of the sections, so that a caller may change it (duplicate a section,
// sanitise a draft) without touching the original.
func Clone(secs []Section) []Section {
	if secs == nil {
		return nil
	}
	out := make([]Section, len(secs))
	for i, s := range secs {
		out[i] = Section{ID: s.ID, Type: s.Type, Settings: cloneMap(s.Settings)}
		if s.Blocks != nil {
			out[i].Blocks = make([]Block, len(s.Blocks))
			for j, b := range s.Blocks {
				out[i].Blocks[j] = Block{ID: b.ID, Settings: cloneMap(b.Settings)}
			}
		}
	}
	return out
}

func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// HasPlaceholder reports whether a page still holds text of a starter page the owner must replace: a
// plain-text setting with "[…]" in it (drawn as a placeholder) or rich text with the placeholder class.
// It is the sections' counterpart of themes.HasPlaceholder, for the admin's checklist.
func HasPlaceholder(secs []Section) bool {
	has := func(fields []Field, m map[string]any) bool {
		for _, f := range fields {
			s, ok := m[f.Name].(string)
			if !ok {
				continue
			}
			switch f.Kind {
			case RichText, HTML:
				// Markup, where "[form contact]" places a form: only the class marks a placeholder.
				if strings.Contains(s, `class="placeholder"`) {
					return true
				}
			case Text, Textarea:
				if i := strings.IndexByte(s, '['); i >= 0 && strings.IndexByte(s[i:], ']') > 0 {
					return true
				}
			}
		}
		return false
	}
	for _, s := range secs {
		t, ok := Lookup(s.Type)
		if !ok {
			continue
		}
		if has(t.Fields, s.Settings) {
			return true
		}
		for _, b := range s.Blocks {
			if t.Block != nil && has(t.Block.Fields, b.Settings) {
				return true
			}
		}
	}
	return false
}
