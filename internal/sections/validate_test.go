package sections

import (
	"encoding/json"
	"strings"
	"testing"
)

func mustNew(t *testing.T, typ string) Section {
	t.Helper()
	s, err := New(typ)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Validate refuses what a page must not hold, each problem as a FieldError on its section, block and field.
func TestValidate(t *testing.T) {
	long := strings.Repeat("x", 161)
	tests := []struct {
		name   string
		change func(t *testing.T, secs []Section) []Section
		// want is the field of the expected error ("" for the section itself), "-" for no error.
		want  string
		block int
	}{
		{"new sections are valid", func(t *testing.T, s []Section) []Section { return s }, "-", -1},
		{"unknown type", func(t *testing.T, s []Section) []Section { s[0].Type = "carousel"; return s }, "", -1},
		{"unknown field", func(t *testing.T, s []Section) []Section { s[0].Settings["colour"] = "red"; return s }, "colour", -1},
		{"missing required heading", func(t *testing.T, s []Section) []Section { delete(s[0].Settings, "heading"); return s }, "heading", -1},
		{"blank required heading", func(t *testing.T, s []Section) []Section { s[0].Settings["heading"] = "  "; return s }, "heading", -1},
		{"heading too long", func(t *testing.T, s []Section) []Section { s[0].Settings["heading"] = long; return s }, "heading", -1},
		{"heading of two lines", func(t *testing.T, s []Section) []Section { s[0].Settings["heading"] = "a\nb"; return s }, "heading", -1},
		{"control character", func(t *testing.T, s []Section) []Section { s[0].Settings["text"] = "a\x00b"; return s }, "text", -1},
		{"invalid UTF-8", func(t *testing.T, s []Section) []Section { s[0].Settings["text"] = "a\xffb"; return s }, "text", -1},
		{"heading not text", func(t *testing.T, s []Section) []Section { s[0].Settings["heading"] = 12.0; return s }, "heading", -1},
		{"javascript link", func(t *testing.T, s []Section) []Section {
			s[0].Settings["primary_link"] = "javascript:alert(1)"
			return s
		}, "primary_link", -1},
		{"protocol-relative link", func(t *testing.T, s []Section) []Section { s[0].Settings["primary_link"] = "//evil.example/"; return s }, "primary_link", -1},
		{"data link", func(t *testing.T, s []Section) []Section {
			s[0].Settings["primary_link"] = "data:text/html,x"
			return s
		}, "primary_link", -1},
		{"ftp link", func(t *testing.T, s []Section) []Section {
			s[0].Settings["primary_link"] = "ftp://x.example/"
			return s
		}, "primary_link", -1},
		{"link with a space", func(t *testing.T, s []Section) []Section { s[0].Settings["primary_link"] = "/a b"; return s }, "primary_link", -1},
		{"tel link with letters", func(t *testing.T, s []Section) []Section { s[0].Settings["primary_link"] = "tel:call-me"; return s }, "primary_link", -1},
		{"mailto without address", func(t *testing.T, s []Section) []Section { s[0].Settings["primary_link"] = "mailto:"; return s }, "primary_link", -1},
		{"page link", func(t *testing.T, s []Section) []Section { s[0].Settings["primary_link"] = "/menu#bread"; return s }, "-", -1},
		{"https link", func(t *testing.T, s []Section) []Section {
			s[0].Settings["primary_link"] = "https://maps.example/?q=1"
			return s
		}, "-", -1},
		{"mailto link", func(t *testing.T, s []Section) []Section {
			s[0].Settings["primary_link"] = "mailto:hello@example.com"
			return s
		}, "-", -1},
		{"tel link", func(t *testing.T, s []Section) []Section {
			s[0].Settings["primary_link"] = "tel:+49 30 1234-5"
			return s
		}, "-", -1},
		{"alignment not a choice", func(t *testing.T, s []Section) []Section { s[0].Settings["alignment"] = "diagonal"; return s }, "alignment", -1},
		{"media ID as string", func(t *testing.T, s []Section) []Section { s[0].Settings["image"] = "42"; return s }, "-", -1},
		{"design illustration", func(t *testing.T, s []Section) []Section { s[0].Settings["image"] = "art-d"; return s }, "-", -1},
		{"media ID as number", func(t *testing.T, s []Section) []Section { s[0].Settings["image"] = 42.0; return s }, "image", -1},
		{"media ID with zeros", func(t *testing.T, s []Section) []Section { s[0].Settings["image"] = "042"; return s }, "image", -1},
		{"negative media ID", func(t *testing.T, s []Section) []Section { s[0].Settings["image"] = "-4"; return s }, "image", -1},
		{"unknown illustration", func(t *testing.T, s []Section) []Section { s[0].Settings["image"] = "art-z"; return s }, "image", -1},
		{"image URL", func(t *testing.T, s []Section) []Section {
			s[0].Settings["image"] = "https://x.example/a.png"
			return s
		}, "image", -1},
		{"count too small", func(t *testing.T, s []Section) []Section { s[1].Settings["count"] = 0.0; return s }, "count", -1},
		{"count too large", func(t *testing.T, s []Section) []Section { s[1].Settings["count"] = 1000.0; return s }, "count", -1},
		{"count not whole", func(t *testing.T, s []Section) []Section { s[1].Settings["count"] = 2.5; return s }, "count", -1},
		{"count as text", func(t *testing.T, s []Section) []Section { s[1].Settings["count"] = "3"; return s }, "count", -1},
		{"form slug", func(t *testing.T, s []Section) []Section { s[2].Settings["form"] = "Contact Us"; return s }, "form", -1},
		{"blocks on a type without", func(t *testing.T, s []Section) []Section {
			s[3].Blocks = []Block{{ID: NewID(), Settings: map[string]any{}}}
			return s
		}, "", -1},
		{"too many blocks", func(t *testing.T, s []Section) []Section {
			for range 13 {
				b, _ := NewBlock("features")
				s[4].Blocks = append(s[4].Blocks, b)
			}
			return s
		}, "", -1},
		{"block field required", func(t *testing.T, s []Section) []Section { s[4].Blocks[1].Settings["title"] = ""; return s }, "title", 1},
		{"block field unknown", func(t *testing.T, s []Section) []Section { s[4].Blocks[0].Settings["price"] = "1"; return s }, "price", 0},
		{"bad section ID", func(t *testing.T, s []Section) []Section { s[0].ID = "1"; return s }, "", -1},
		{"same ID twice", func(t *testing.T, s []Section) []Section { s[1].ID = s[0].ID; return s }, "", -1},
		{"same block ID twice", func(t *testing.T, s []Section) []Section { s[4].Blocks[1].ID = s[4].Blocks[0].ID; return s }, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secs := []Section{mustNew(t, "hero"), mustNew(t, "posts"), mustNew(t, "form"), mustNew(t, "cta"), mustNew(t, "features")}
			secs = tt.change(t, secs)
			err := Validate(secs)
			if tt.want == "-" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			fes, ok := err.(FieldErrors)
			if !ok {
				t.Fatalf("Validate = %v (%T), want FieldErrors", err, err)
			}
			for _, fe := range fes {
				if fe.Field == tt.want && fe.Block == tt.block && fe.Message != "" {
					return
				}
			}
			t.Errorf("Validate = %#v, want an error on field %q of block %d", fes, tt.want, tt.block)
		})
	}
}

func TestValidateTooManySections(t *testing.T) {
	var secs []Section
	for range MaxSections + 1 {
		secs = append(secs, mustNew(t, "richtext"))
	}
	if err := Validate(secs); err == nil || err.(FieldErrors)[0].Section != -1 {
		t.Fatalf("Validate of %d sections = %v", len(secs), err)
	}
	if err := Validate(secs[:MaxSections]); err != nil {
		t.Fatalf("Validate of %d sections = %v", MaxSections, err)
	}
}

// Rich text and custom HTML are sanitised in place; numbers become ints; missing settings are filled.
func TestValidateNormalises(t *testing.T) {
	rt := mustNew(t, "richtext")
	rt.Settings["text"] = `<p onclick="x()">Hi <a href="javascript:alert(1)">there</a><script>alert(2)</script></p><p class="lede">Lede</p>`
	h := mustNew(t, "html")
	h.Settings["html"] = `<div class="band"><iframe src="https://x.example"></iframe><img src=x onerror=alert(3)>Text</div>`
	p := mustNew(t, "posts")
	p.Settings["count"] = 4.0
	delete(p.Settings, "intro")
	secs := []Section{rt, h, p}
	if err := Validate(secs); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"onclick", "javascript", "<script", "alert", "iframe", "onerror"} {
		if strings.Contains(secs[0].Get("text"), bad) || strings.Contains(secs[1].Get("html"), bad) {
			t.Errorf("%q survived: %q / %q", bad, secs[0].Get("text"), secs[1].Get("html"))
		}
	}
	if !strings.Contains(secs[0].Get("text"), `class="lede"`) || !strings.Contains(secs[1].Get("html"), "Text") {
		t.Errorf("sanitising lost too much: %q / %q", secs[0].Get("text"), secs[1].Get("html"))
	}
	if n, ok := secs[2].Settings["count"].(int); !ok || n != 4 {
		t.Errorf("count = %#v, want int 4", secs[2].Settings["count"])
	}
	if v, ok := secs[2].Settings["intro"]; !ok || v != "" {
		t.Errorf("missing intro = %#v, want \"\"", v)
	}
}

// Kinds no built-in section uses yet (design settings may) are checked too.
func TestCheckValueColourAndToggle(t *testing.T) {
	tests := []struct {
		f    Field
		v    any
		ok   bool
		want any
	}{
		{Field{Kind: Colour}, "#A1b2C3", true, "#a1b2c3"},
		{Field{Kind: Colour}, "", true, ""},
		{Field{Kind: Colour}, "red", false, nil},
		{Field{Kind: Colour}, "#abc", false, nil},
		{Field{Kind: Colour}, "#abcdef;x", false, nil},
		{Field{Kind: Toggle}, true, true, true},
		{Field{Kind: Toggle}, "true", false, nil},
	}
	for _, tt := range tests {
		got, msg := checkValue(tt.f, tt.v)
		if (msg == "") != tt.ok || tt.ok && got != tt.want {
			t.Errorf("checkValue(%s, %#v) = %#v, %q", tt.f.Kind, tt.v, got, msg)
		}
	}
}

func TestDecode(t *testing.T) {
	s := mustNew(t, "cta")
	good, _ := json.Marshal([]Section{s})
	tests := []struct {
		name string
		data string
		ok   bool
	}{
		{"valid", string(good), true},
		{"empty", "", true},
		{"null", "null", true},
		{"empty list", "[]", true},
		{"not JSON", "{", false},
		{"an object", `{"id":"x"}`, false},
		{"unknown key", `[{"id":"` + s.ID + `","type":"cta","settings":{"heading":"x"},"extra":1}]`, false},
		{"two values", "[] []", false},
		{"invalid section", `[{"id":"` + s.ID + `","type":"cta","settings":{}}]`, false},
	}
	for _, tt := range tests {
		secs, err := Decode([]byte(tt.data))
		if (err == nil) != tt.ok {
			t.Errorf("%s: Decode = %v, %v", tt.name, secs, err)
		}
	}
	if _, err := Decode([]byte(strings.Repeat(" ", MaxJSON+1))); err == nil {
		t.Error("Decode accepts more than MaxJSON bytes")
	}
}

func TestNewAndLookup(t *testing.T) {
	want := []string{"hero", "richtext", "image-text", "gallery", "features", "cards", "price-list", "testimonials",
		"cta", "contact", "posts", "featured-products", "product-grid", "form", "newsletter", "html"}
	types := Types()
	if len(types) != len(want) {
		t.Fatalf("%d types, want %d", len(types), len(want))
	}
	for i, typ := range types {
		if typ.Name != want[i] {
			t.Errorf("type %d = %q, want %q (gallery order)", i, typ.Name, want[i])
		}
		if typ.Title == "" || typ.Description == "" || typ.Thumbnail == "" {
			t.Errorf("%s: missing title, description or thumbnail", typ.Name)
		}
		if typ.Block != nil && typ.MaxBlocks == 0 {
			t.Errorf("%s: blocks without a limit", typ.Name)
		}
		for _, f := range typ.Fields {
			if (f.Kind == Select || f.Kind == Align) && len(f.Options) == 0 {
				t.Errorf("%s.%s: a choice without options", typ.Name, f.Name)
			}
		}
		if got, ok := Lookup(typ.Name); !ok || got.Name != typ.Name {
			t.Errorf("Lookup(%q) = %v, %v", typ.Name, got.Name, ok)
		}
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("Lookup of an unknown type succeeds")
	}
	if !types[len(types)-1].Premium {
		t.Error("custom HTML is not Premium")
	}
	a, b := mustNew(t, "gallery"), mustNew(t, "gallery")
	if len(a.ID) != 32 || a.ID == b.ID || len(a.Blocks) != 3 || a.Blocks[0].ID == a.Blocks[1].ID {
		t.Errorf("New: IDs %q %q, %d blocks", a.ID, b.ID, len(a.Blocks))
	}
	if _, err := NewBlock("cta"); err == nil {
		t.Error("NewBlock of a type without blocks succeeds")
	}
	if _, err := New("nope"); err == nil {
		t.Error("New of an unknown type succeeds")
	}
}
