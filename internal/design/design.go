// Package design owns a site's design settings: its logo and favicon, the
// colours, fonts and button shape that override the design's own (the CSS
// variables every design defines, see themes/), the header layout and the
// footer text. The owner edits a draft, previews it, and publishes it; the
// storefront only ever shows the published settings.
package design

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Colours are the contract's colour variables, without their "--pc-"
// prefix, in the order the admin shows them.
var Colours = []struct{ Name, Label string }{
	{"bg", "Page background"},
	{"surface", "Cards and header background"},
	{"text", "Text"},
	{"muted", "Secondary text"},
	{"accent", "Accent (buttons, links)"},
	{"accent-text", "Text on the accent"},
	{"line", "Lines and borders"},
}

// Font is a font choice: a stack of fonts already on visitors' devices, or a
// font shipped in the binary (Face) under its open licence and served from
// the site's own host, so nothing comes from another host.
type Font struct {
	Key, Label, Stack string
	// Face names the shipped font's directory under themes/fonts and the
	// weights it has; "" for a system stack.
	Face, Family string
	Weights      []int
}

// Fonts lists the font choices; "" (the design's own) comes first in the admin.
var Fonts = []Font{
	{"sans", "System sans-serif", `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif`, "", "", nil},
	{"humanist", "Humanist sans-serif", `Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif`, "", "", nil},
	{"geometric", "Geometric sans-serif", `Avenir, Montserrat, Corbel, "URW Gothic", source-sans-pro, sans-serif`, "", "", nil},
	{"rounded", "Rounded sans-serif", `ui-rounded, "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, "Arial Rounded MT", "Arial Rounded MT Bold", Calibri, source-sans-pro, sans-serif`, "", "", nil},
	{"oldstyle", "Old-style serif", `"Iowan Old Style", "Palatino Linotype", "URW Palladio L", P052, Georgia, "DejaVu Serif", serif`, "", "", nil},
	{"transitional", "Transitional serif", `Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "DejaVu Serif", serif`, "", "", nil},
	{"didone", "Didone (fashion) serif", `Didot, "Bodoni MT", "Noto Serif Display", "URW Palladio L", P052, Sylfaen, serif`, "", "", nil},
	{"slab", "Slab serif", `Rockwell, "Rockwell Nova", "Roboto Slab", "DejaVu Serif", "Sitka Small", serif`, "", "", nil},
	{"mono", "Monospace", `ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, "DejaVu Sans Mono", monospace`, "", "", nil},
	{"playfair", "Playfair Display (included, elegant serif)", `"Playfair Display", Didot, "Bodoni MT", Georgia, serif`, "playfair-display", "Playfair Display", []int{400, 700}},
	{"work-sans", "Work Sans (included, friendly sans-serif)", `"Work Sans", system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif`, "work-sans", "Work Sans", []int{400, 600}},
}

// FontByKey returns a font choice.
func FontByKey(key string) (Font, bool) {
	for _, f := range Fonts {
		if f.Key == key {
			return f, true
		}
	}
	return Font{}, false
}

// Shapes maps a button shape to its corner radius.
var Shapes = []struct{ Key, Label, Radius string }{
	{"square", "Square", "0"},
	{"rounded", "Rounded", ".5rem"},
	{"pill", "Pill", "999px"},
}

// Headers are the header layouts.
var Headers = []struct{ Key, Label string }{
	{"split", "Logo left, menu right"},
	{"centred", "Centred logo, menu below"},
}

// Logo placements.
const (
	LogoReplace = "replace" // the logo instead of the site's name
	LogoBeside  = "beside"  // the logo, then the name
)

// Settings are a site's design settings. The zero value is the design's own
// look: every empty field keeps what the design sets.
type Settings struct {
	Palette      string            `json:"palette,omitempty"` // the preset chosen last, "" for the design's own
	Colours      map[string]string `json:"colours,omitempty"` // name (see Colours) → #rrggbb
	HeadingFont  string            `json:"headingFont,omitempty"`
	BodyFont     string            `json:"bodyFont,omitempty"`
	ButtonShape  string            `json:"buttonShape,omitempty"`
	HeaderLayout string            `json:"headerLayout,omitempty"`
	FooterText   string            `json:"footerText,omitempty"`
	LogoID       int64             `json:"logoId,omitempty,string"`
	LogoMode     string            `json:"logoMode,omitempty"`
	FaviconID    int64             `json:"faviconId,omitempty,string"`
}

var hexColour = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// NormalColour lower-cases a #rrggbb colour, expanding #rgb; "" stays "".
func NormalColour(c string) (string, bool) {
	c = strings.ToLower(strings.TrimSpace(c))
	if c == "" {
		return "", true
	}
	if len(c) == 4 && c[0] == '#' {
		c = "#" + strings.Repeat(c[1:2], 2) + strings.Repeat(c[2:3], 2) + strings.Repeat(c[3:4], 2)
	}
	return c, hexColour.MatchString(c)
}

// Validate checks and normalises the settings, with a message per field.
func (s *Settings) Validate() error {
	var v fault.Invalid
	known := map[string]bool{}
	for _, c := range Colours {
		known[c.Name] = true
	}
	for name, c := range s.Colours {
		if !known[name] {
			delete(s.Colours, name)
			continue
		}
		n, ok := NormalColour(c)
		if !ok {
			v.Add("colour-"+name, "Use a colour such as #1a2b3c.")
			continue
		}
		if n == "" {
			delete(s.Colours, name)
			continue
		}
		s.Colours[name] = n
	}
	if len(s.Colours) == 0 {
		s.Colours = nil
	}
	for field, key := range map[string]string{"headingFont": s.HeadingFont, "bodyFont": s.BodyFont} {
		if _, ok := FontByKey(key); key != "" && !ok {
			v.Add(field, "Choose one of the fonts.")
		}
	}
	if s.ButtonShape != "" && radius(s.ButtonShape) == "" {
		v.Add("buttonShape", "Choose one of the shapes.")
	}
	okHeader := s.HeaderLayout == ""
	for _, h := range Headers {
		okHeader = okHeader || h.Key == s.HeaderLayout
	}
	if !okHeader {
		v.Add("headerLayout", "Choose one of the layouts.")
	}
	s.FooterText = strings.TrimSpace(s.FooterText)
	if v.CheckText("footerText", s.FooterText) && len([]rune(s.FooterText)) > 300 {
		v.Add("footerText", "Use at most 300 characters.")
	}
	switch s.LogoMode {
	case "", LogoReplace, LogoBeside:
	default:
		v.Add("logoMode", "Choose where the logo goes.")
	}
	if s.LogoID < 0 || s.FaviconID < 0 {
		v.Add("logo", "Choose an image from the media library.")
	}
	return v.Err()
}

func radius(shape string) string {
	for _, s := range Shapes {
		if s.Key == shape {
			return s.Radius
		}
	}
	return ""
}

// IsZero tells whether the settings keep the design's look entirely.
func (s Settings) IsZero() bool {
	b, _ := json.Marshal(s)
	return string(b) == "{}"
}

// CSS is the stylesheet that applies the settings: the contract variables
// they override, and the header layout. It holds only values Validate
// accepted, so nothing from the owner reaches it unchecked.
func (s Settings) CSS() []byte {
	var b strings.Builder
	b.WriteString("/* Design settings of this site. */\n")
	// The shipped fonts chosen, latin only: other scripts fall back to the
	// rest of the stack.
	seen := map[string]bool{}
	for _, key := range []string{s.HeadingFont, s.BodyFont} {
		f, ok := FontByKey(key)
		if !ok || f.Face == "" || seen[f.Face] {
			continue
		}
		seen[f.Face] = true
		for _, w := range f.Weights {
			fmt.Fprintf(&b, "@font-face { font-family: %q; font-style: normal; font-weight: %d; font-display: swap; "+
				"src: url(\"/assets/theme/fonts/%s/latin-%d.woff2\") format(\"woff2\"); "+
				"unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD; }\n",
				f.Family, w, f.Face, w)
		}
	}
	b.WriteString(":root {\n")
	for _, c := range Colours {
		if v := s.Colours[c.Name]; v != "" && hexColour.MatchString(v) {
			fmt.Fprintf(&b, "  --pc-%s: %s;\n", c.Name, v)
		}
	}
	if f, ok := FontByKey(s.HeadingFont); ok {
		fmt.Fprintf(&b, "  --pc-font-heading: %s;\n", f.Stack)
	}
	if f, ok := FontByKey(s.BodyFont); ok {
		fmt.Fprintf(&b, "  --pc-font-body: %s;\n", f.Stack)
	}
	if r := radius(s.ButtonShape); r != "" {
		fmt.Fprintf(&b, "  --pc-radius: %s;\n", r)
	}
	b.WriteString("}\n")
	// The header layouts work on the shared header classes: .bar (a row with
	// the brand and the menu) and .masthead (a centred title).
	switch s.HeaderLayout {
	case "centred":
		b.WriteString(".site-header .bar { flex-direction: column; justify-content: center; text-align: center; }\n")
		b.WriteString(".site-header .bar > .brand { margin-inline: auto; }\n")
	case "split":
		b.WriteString(".site-header .bar { justify-content: space-between; }\n")
		// A masthead (a title over a row of links) becomes one row on wide
		// screens: the title and its tagline on the left, the links on the
		// right. Phones keep the design's own (the links are a Menu button).
		b.WriteString("@media (min-width: 44.01rem) {\n")
		b.WriteString(".masthead { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 2rem; " +
			"padding-inline: max(1.25rem, (100% - 70rem) / 2); padding-bottom: 1rem; text-align: left; border-bottom: 1px solid var(--pc-line); }\n")
		b.WriteString(".masthead > .wrap { width: auto; margin: 0; }\n")
		b.WriteString(".masthead .site-nav { margin: 0; border: 0; box-shadow: none; }\n")
		b.WriteString(".masthead .search-box { justify-content: flex-start; }\n")
		b.WriteString("}\n")
	}
	b.WriteString(".brand-logo { display: block; width: auto; height: 2.5rem; max-width: 12rem; object-fit: contain; }\n")
	return []byte(b.String())
}

// Hash names the stylesheet of the settings: it changes whenever the CSS
// does, so the stylesheet can be cached for a year under its name.
func (s Settings) Hash() string {
	sum := sha256.Sum256(s.CSS())
	return hex.EncodeToString(sum[:8])
}

// WithPalette returns the settings with a preset's colours.
func (s Settings) WithPalette(name string, colours map[string]string) Settings {
	s.Palette = name
	s.Colours = make(map[string]string, len(colours))
	for k, v := range colours {
		s.Colours[k] = v
	}
	return s
}

// Contrast is the WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21.
func Contrast(a, b string) (float64, error) {
	la, err := luminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := luminance(b)
	if err != nil {
		return 0, err
	}
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05), nil
}

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(c string) (float64, error) {
	c, ok := NormalColour(c)
	if !ok || c == "" {
		return 0, fmt.Errorf("colour %q is not #rrggbb", c)
	}
	var ch [3]float64
	for i := range ch {
		v, err := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return 0, err
		}
		s := float64(v) / 255
		if s <= 0.04045 {
			ch[i] = s / 12.92
		} else {
			ch[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*ch[0] + 0.7152*ch[1] + 0.0722*ch[2], nil
}

// MinContrast is WCAG AA's ratio for normal text.
const MinContrast = 4.5

// Check is one pair of colours that must be readable together.
type Check struct {
	Label string
	Ratio float64
	Low   bool // below MinContrast
}

// Checks works out the readability of the palette: the settings' colours
// over the design's defaults (the contract variables' values in its
// stylesheet). A pair whose colours are unknown is skipped.
func Checks(s Settings, defaults map[string]string) []Check {
	get := func(name string) string {
		if v := s.Colours[name]; v != "" {
			return v
		}
		return defaults[name]
	}
	pairs := []struct{ label, fg, bg string }{
		{"Text on the page background", "text", "bg"},
		{"Secondary text on the page background", "muted", "bg"},
		{"Text on the accent (buttons)", "accent-text", "accent"},
	}
	var out []Check
	for _, p := range pairs {
		r, err := Contrast(get(p.fg), get(p.bg))
		if err != nil {
			continue
		}
		r = math.Floor(r*100) / 100 // never round a failing ratio up to a passing one
		out = append(out, Check{Label: p.label, Ratio: r, Low: r < MinContrast})
	}
	return out
}

// Store reads and writes design settings.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// State is a site's settings: the published ones and the draft.
type State struct {
	Published, Draft Settings
}

// Changed tells whether the draft differs from what is published.
func (st State) Changed() bool {
	a, _ := json.Marshal(st.Published)
	b, _ := json.Marshal(st.Draft)
	return string(a) != string(b)
}

// Get returns the site's settings; a site that never saved any has zero ones.
func (s *Store) Get(ctx context.Context, siteID int64) (State, error) {
	var draft, pub string
	err := s.db.QueryRow(ctx, `SELECT draft, published FROM design_settings WHERE site_id = ?`, siteID).Scan(&draft, &pub)
	if errors.Is(err, sql.ErrNoRows) {
		return State{}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("design settings of site %d: %w", siteID, err)
	}
	var st State
	if err := json.Unmarshal([]byte(draft), &st.Draft); err != nil {
		return State{}, fmt.Errorf("design draft of site %d: %w", siteID, err)
	}
	if err := json.Unmarshal([]byte(pub), &st.Published); err != nil {
		return State{}, fmt.Errorf("design settings of site %d: %w", siteID, err)
	}
	return st, nil
}

// Published returns the settings the storefront shows.
func (s *Store) Published(ctx context.Context, siteID int64) (Settings, error) {
	st, err := s.Get(ctx, siteID)
	return st.Published, err
}

// SaveDraft validates and keeps the owner's draft; the storefront does not
// change.
func (s *Store) SaveDraft(ctx context.Context, siteID int64, d Settings) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		st, err := s.getTx(ctx, tx, siteID)
		if err != nil {
			return err
		}
		st.Draft = d
		return s.put(ctx, tx, siteID, st)
	})
}

// Publish makes the draft live and announces it, so cached pages drop.
func (s *Store) Publish(ctx context.Context, siteID int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		st, err := s.getTx(ctx, tx, siteID)
		if err != nil {
			return err
		}
		st.Published = st.Draft
		if err := s.put(ctx, tx, siteID, st); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// ResetColours drops the owner's colours from both the published settings
// and the draft, so that the design's own show (after a switch of design,
// when the owner asked for it).
func (s *Store) ResetColours(ctx context.Context, siteID int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		st, err := s.getTx(ctx, tx, siteID)
		if err != nil {
			return err
		}
		st.Published = st.Published.WithPalette("", nil)
		st.Draft = st.Draft.WithPalette("", nil)
		st.Published.Colours, st.Draft.Colours = nil, nil
		if err := s.put(ctx, tx, siteID, st); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// Discard puts the draft back to what is published.
func (s *Store) Discard(ctx context.Context, siteID int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		st, err := s.getTx(ctx, tx, siteID)
		if err != nil {
			return err
		}
		st.Draft = st.Published
		return s.put(ctx, tx, siteID, st)
	})
}

func (s *Store) getTx(ctx context.Context, tx *sqldb.Tx, siteID int64) (State, error) {
	var draft, pub string
	err := tx.QueryRow(ctx, `SELECT draft, published FROM design_settings WHERE site_id = ?`+tx.ForUpdate(), siteID).Scan(&draft, &pub)
	if errors.Is(err, sql.ErrNoRows) {
		return State{}, nil
	}
	if err != nil {
		return State{}, err
	}
	var st State
	_ = json.Unmarshal([]byte(draft), &st.Draft)
	_ = json.Unmarshal([]byte(pub), &st.Published)
	return st, nil
}

func (s *Store) put(ctx context.Context, tx *sqldb.Tx, siteID int64, st State) error {
	d, _ := json.Marshal(st.Draft)
	p, _ := json.Marshal(st.Published)
	now := sqldb.Millis(s.now())
	res, err := tx.Exec(ctx, `UPDATE design_settings SET draft = ?, published = ?, updated_at = ? WHERE site_id = ?`, string(d), string(p), now, siteID)
	if err != nil {
		return fmt.Errorf("save design settings: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO design_settings (site_id, draft, published, updated_at) VALUES (?, ?, ?, ?)`, siteID, string(d), string(p), now); err != nil {
		return fmt.Errorf("save design settings: %w", err)
	}
	return nil
}

// contentChanged moves the site's content version on, so that no cached
// page keeps the old look, and announces the change once tx commits.
func contentChanged(ctx context.Context, tx *sqldb.Tx, siteID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE sites SET content_version = content_version + 1 WHERE id = ?`, siteID); err != nil {
		return fmt.Errorf("content version of site %d: %w", siteID, err)
	}
	tx.Changed(ctx, siteID)
	return nil
}
