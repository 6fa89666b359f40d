package design_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/design"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// Known pairs: WCAG's extremes and values checked with WebAIM's contrast checker.
func TestContrast(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#000000", 21},
		{"#777777", "#777777", 1},
		{"#777777", "#ffffff", 4.48},
		{"#767676", "#ffffff", 4.54},
		{"#ff5a2c", "#ffffff", 3.11}, // Studio's orange under white text (issue 11: 2.8–3.1)
		{"#0000ff", "#ffffff", 8.59},
		{"#fff", "#000", 21},
	} {
		got, err := design.Contrast(tt.a, tt.b)
		if err != nil || math.Abs(got-tt.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, %v; want %.2f", tt.a, tt.b, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "red", "#12345", "#gggggg"} {
		if _, err := design.Contrast(bad, "#ffffff"); err == nil {
			t.Errorf("Contrast(%q) accepted", bad)
		}
	}
}

func TestChecks(t *testing.T) {
	defaults := map[string]string{"bg": "#ffffff", "text": "#111111", "muted": "#777777", "accent": "#ff5a2c", "accent-text": "#ffffff"}
	checks := design.Checks(design.Settings{}, defaults)
	if len(checks) != 3 || checks[0].Low || !checks[1].Low || !checks[2].Low {
		t.Fatalf("defaults: %+v", checks)
	}
	// 4.48 must not be rounded up to a passing 4.5.
	if checks[1].Ratio != 4.47 && checks[1].Ratio != 4.48 {
		t.Errorf("muted ratio %.3f", checks[1].Ratio)
	}
	fixed := design.Checks(design.Settings{Colours: map[string]string{"muted": "#595959", "accent": "#b3361a"}}, defaults)
	for _, c := range fixed {
		if c.Low {
			t.Errorf("%s: %.2f still low", c.Label, c.Ratio)
		}
	}
}

func TestValidateAndCSS(t *testing.T) {
	for _, tt := range []struct {
		name  string
		s     design.Settings
		field string // "" when valid
	}{
		{"zero", design.Settings{}, ""},
		{"all", design.Settings{Colours: map[string]string{"bg": "#FFF", "accent": "#123abc"}, HeadingFont: "didone", BodyFont: "sans",
			ButtonShape: "pill", HeaderLayout: "centred", FooterText: "Open daily", LogoID: 5, LogoMode: design.LogoBeside}, ""},
		{"css injection in a colour", design.Settings{Colours: map[string]string{"bg": "red;} body{display:none"}}, "colour-bg"},
		{"unknown font", design.Settings{HeadingFont: "comic"}, "headingFont"},
		{"unknown shape", design.Settings{ButtonShape: "blob"}, "buttonShape"},
		{"unknown header", design.Settings{HeaderLayout: "sideways"}, "headerLayout"},
		{"long footer", design.Settings{FooterText: strings.Repeat("x", 301)}, "footerText"},
		{"logo place", design.Settings{LogoMode: "upside-down"}, "logoMode"},
	} {
		err := tt.s.Validate()
		f, _ := fault.AsInvalid(err)
		if tt.field == "" && err != nil || tt.field != "" && f[tt.field] == "" {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	s := design.Settings{Colours: map[string]string{"bg": "#FFF", "nonsense": "#000000"}, HeadingFont: "mono", ButtonShape: "square", HeaderLayout: "centred"}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	css := string(s.CSS())
	for _, want := range []string{"--pc-bg: #ffffff;", "--pc-font-heading: ui-monospace", "--pc-radius: 0;", "flex-direction: column"} {
		if !strings.Contains(css, want) {
			t.Errorf("CSS lacks %q:\n%s", want, css)
		}
	}
	if strings.Contains(css, "nonsense") {
		t.Errorf("an unknown colour reached the CSS:\n%s", css)
	}
	withFont := design.Settings{HeadingFont: "playfair", BodyFont: "playfair"}
	fc := string(withFont.CSS())
	if strings.Count(fc, "@font-face") != 2 || !strings.Contains(fc, `url("/assets/theme/fonts/playfair-display/latin-700.woff2")`) ||
		!strings.Contains(fc, `--pc-font-heading: "Playfair Display"`) {
		t.Errorf("shipped font CSS:\n%s", fc)
	}
	if strings.Contains(css, "@font-face") {
		t.Errorf("a system font loads a file:\n%s", css)
	}
	if s.Hash() == (design.Settings{}).Hash() || len(s.Hash()) != 16 {
		t.Errorf("hash %q", s.Hash())
	}
	if !(design.Settings{}).IsZero() || s.IsZero() {
		t.Error("IsZero")
	}
}

func site(t *testing.T, db *sqldb.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	acct, id := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`, acct, name+"@x.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at) VALUES (?, ?, ?, ?, 'bakery', 'trial', 0, 0)`, id, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestDraftPublish(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := design.NewStore(db)
		a, b := site(t, db, "aaa"), site(t, db, "bbb")
		version := func() int64 {
			var v int64
			if err := db.QueryRow(ctx, `SELECT content_version FROM sites WHERE id = ?`, a).Scan(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		steps := []struct {
			do            func() error
			draft, public string // accent of the draft and of the published settings
			bumps         bool   // the content version moves on (caches drop)
			bad           string
		}{
			{func() error { return nil }, "", "", false, ""},
			{func() error {
				return st.SaveDraft(ctx, a, design.Settings{Colours: map[string]string{"accent": "#112233"}, ButtonShape: "pill"})
			}, "#112233", "", false, ""},
			{func() error {
				return st.SaveDraft(ctx, a, design.Settings{Colours: map[string]string{"accent": "nope"}})
			}, "#112233", "", false, "colour-accent"},
			{func() error { return st.Publish(ctx, a) }, "#112233", "#112233", true, ""},
			{func() error {
				return st.SaveDraft(ctx, a, design.Settings{Colours: map[string]string{"accent": "#445566"}})
			}, "#445566", "#112233", false, ""},
			{func() error { return st.Discard(ctx, a) }, "#112233", "#112233", false, ""},
			{func() error { return st.ResetColours(ctx, a) }, "", "", true, ""},
		}
		for i, s := range steps {
			before := version()
			err := s.do()
			if s.bad != "" {
				if f, _ := fault.AsInvalid(err); f[s.bad] == "" {
					t.Fatalf("step %d: want refusal on %s, got %v", i, s.bad, err)
				}
			} else if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			got, err := st.Get(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			if got.Draft.Colours["accent"] != s.draft || got.Published.Colours["accent"] != s.public {
				t.Fatalf("step %d: draft %q published %q, want %q %q", i, got.Draft.Colours["accent"], got.Published.Colours["accent"], s.draft, s.public)
			}
			if (version() != before) != s.bumps {
				t.Fatalf("step %d: content version moved %v, want %v", i, version() != before, s.bumps)
			}
		}
		// Site B sees nothing of A's settings.
		if got, err := st.Get(ctx, b); err != nil || got.Changed() || !got.Published.IsZero() {
			t.Fatalf("site B: %+v %v", got, err)
		}
		// Shape stayed after the colour reset.
		if got, _ := st.Published(ctx, a); got.ButtonShape != "pill" {
			t.Fatalf("reset colours dropped the button shape: %+v", got)
		}
	})
}
