package help

import (
	"testing"
)

func TestSearch(t *testing.T) {
	c := mustLoad(t)
	tests := []struct {
		query     string
		wantFirst string // category/slug of the best result; empty when nothing may match
		wantAlso  []string
	}{
		{query: "509", wantFirst: "api/status-codes"},
		{query: "QUOTA_EXCEEDED", wantFirst: "api/status-codes", wantAlso: []string{"api/rates-and-quotas"}},
		{query: "trial", wantFirst: "trial-and-plans/free-trial", wantAlso: []string{"trial-and-plans/plans-compared"}},
		{query: "TRIAL", wantFirst: "trial-and-plans/free-trial"},
		{query: "  rates   quotas ", wantFirst: "api/rates-and-quotas"},
		{query: "status codes", wantFirst: "api/status-codes"},
		{query: "CNAME", wantFirst: "own-domains/using-your-own-domain"},
		{query: "editor", wantFirst: "getting-started/invite-your-staff"},
		{query: "cookie", wantFirst: "cookies-and-privacy/cookie-consent"},
		{query: "quota zzzzzz"},
		{query: "xylophone"},
		{query: ""},
		{query: "   "},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := c.Search(tt.query)
			if tt.wantFirst == "" {
				if got != nil {
					t.Fatalf("Search(%q) = %d results, want nil", tt.query, len(got))
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("Search(%q) found nothing", tt.query)
			}
			if first := got[0].CategorySlug + "/" + got[0].Slug; first != tt.wantFirst {
				t.Errorf("Search(%q) best = %s, want %s", tt.query, first, tt.wantFirst)
			}
			for _, want := range tt.wantAlso {
				found := false
				for _, a := range got {
					found = found || a.CategorySlug+"/"+a.Slug == want
				}
				if !found {
					t.Errorf("Search(%q) lacks %s", tt.query, want)
				}
			}
		})
	}
}

func TestSearchPutsTitleHitsFirst(t *testing.T) {
	fsys := map[string]string{
		"c/_category.md": "---\ntitle: C\n---\n",
		"c/body.md":      "---\ntitle: Body\nposition: 1\n---\nwidget widget widget widget widget widget widget widget widget widget",
		"c/summary.md":   "---\ntitle: Summary\nsummary: About the widget\nposition: 2\n---\nText",
		"c/title.md":     "---\ntitle: The Widget\nposition: 3\n---\nText",
		"c/none.md":      "---\ntitle: None\nposition: 4\n---\nText",
	}
	c, err := load(mapFS(fsys))
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for _, a := range c.Search("Widget") {
		got += a.Slug + " "
	}
	if want := "title summary body "; got != want {
		t.Errorf("order = %q, want %q", got, want)
	}
}
