package themes

import (
	"io/fs"
	"strings"
	"testing"
)

// Starter pages state only what the site knows: its title, prices in its
// currency as its language writes them, and its public e-mail once set.
// Everything else is a marked placeholder, never an invented fact.
func TestStarterPagesHoldNoFakeFacts(t *testing.T) {
	set := loadSet(t)
	tests := []struct {
		name    string
		data    StarterData
		want    []string // somewhere in the design's pages
		notWant []string // in none of them
	}{
		{"new site in English and euros", StarterData{Title: "Rosie Bakes!", Language: "en", Currency: "EUR"},
			[]string{"Rosie Bakes!", `<span class="placeholder">[Your e-mail address]</span>`},
			[]string{"example.com", "$", "mailto:", "tel:", "Mill Lane", "Canal Street", "PO Box", "+1 555"}},
		{"German and euros", StarterData{Title: "Bäckerei", Language: "de", Currency: "EUR"}, nil, []string{"$", "€7", "example.com"}},
		{"public e-mail set", StarterData{Title: "Rosie", Language: "en", Currency: "EUR", PublicEmail: "shop@rosie.example"},
			[]string{`<a href="mailto:shop@rosie.example">shop@rosie.example</a>`}, []string{"[Your e-mail address]", "example.com"}},
		{"title is escaped", StarterData{Title: `<b>"Tom & Jerry"</b>`, Language: "en", Currency: "EUR"},
			[]string{"&lt;b&gt;&#34;Tom &amp; Jerry&#34;&lt;/b&gt;"}, []string{"<b>"}},
	}
	for _, th := range set.List() {
		for _, tt := range tests {
			t.Run(th.Name+"/"+tt.name, func(t *testing.T) {
				var all strings.Builder
				for _, p := range set.StarterPages(th.Name, tt.data) {
					all.WriteString(string(p.Body))
				}
				for _, w := range tt.want {
					if !strings.Contains(all.String(), w) {
						t.Errorf("no page has %q", w)
					}
				}
				for _, w := range tt.notWant {
					if strings.Contains(all.String(), w) {
						t.Errorf("a page has %q", w)
					}
				}
			})
		}
	}
}

// The bakery's prices are written in the site's currency, the way the
// site's language writes money.
func TestStarterPricesFollowCurrencyAndLanguage(t *testing.T) {
	set := loadSet(t)
	tests := []struct {
		language, currency string
		want               string // the croissant on the menu
	}{
		{"en", "EUR", "€3.20"},
		{"de", "EUR", "3,20\u00a0€"},
		{"fr", "EUR", "3,20\u00a0€"},
		{"cs", "CZK", "3,20\u00a0Kč"},
		{"en", "GBP", "£3.20"},
		{"en", "USD", "$3.20"},
		{"en", "JPY", "¥3"},
	}
	for _, tt := range tests {
		t.Run(tt.language+"/"+tt.currency, func(t *testing.T) {
			menu := starterBody(t, set, "bakery", "menu", StarterData{Title: "Crumb", Language: tt.language, Currency: tt.currency})
			if want := `<span class="price">` + tt.want + `</span>`; !strings.Contains(menu, want) {
				t.Errorf("menu lacks %q", want)
			}
		})
	}
}

// What a design does not know about the business is a placeholder, styled
// by the design so that it cannot pass for a fact, and found by
// HasPlaceholder so the admin's checklist can ask for it.
func TestStarterPlaceholdersAreMarked(t *testing.T) {
	set := loadSet(t)
	for _, th := range set.List() {
		t.Run(th.Name, func(t *testing.T) {
			contact := starterBody(t, set, th.Name, "contact", StarterData{Title: "Crumb", Language: "en", Currency: "EUR"})
			if !HasPlaceholder(contact) || !strings.Contains(contact, `<span class="placeholder">[Your`) {
				t.Errorf("the contact page has no marked placeholder:\n%s", contact)
			}
			css, err := fs.ReadFile(set.Assets(), th.Name+"/style.css")
			if err != nil || !strings.Contains(string(css), ".placeholder {") {
				t.Errorf("style.css does not style .placeholder (%v)", err)
			}
		})
	}
	if HasPlaceholder(`<p>12 Mill Lane</p>`) {
		t.Error("HasPlaceholder found one in a finished page")
	}
}

func starterBody(t *testing.T, set *Set, design, slug string, d StarterData) string {
	t.Helper()
	for _, p := range set.StarterPages(design, d) {
		if p.Slug == slug {
			return string(p.Body)
		}
	}
	t.Fatalf("%s has no starter page %q", design, slug)
	return ""
}
