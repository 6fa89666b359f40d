package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/themes"
)

// Every design in the gallery makes a working site: signing up with it
// through the form gives a live site in that design whose starter pages all
// answer, and a shop design's sample products are on sale at once.
func TestSignupWithEveryDesign(t *testing.T) {
	h := apptest.New(t)
	gallery := h.Browser().Get(h.PlatformHost(), "/signup")
	landing := h.Browser().Get(h.PlatformHost(), "/")
	for i, d := range h.App.Themes.List() {
		t.Run(d.Name, func(t *testing.T) {
			for page, kind := range map[*apptest.Response]string{&gallery: d.KindTitle(), &landing: d.KindLabel()} {
				for _, want := range []string{"/themes/" + d.Name + "/thumbnail.png", d.Description, kind} {
					if !strings.Contains(page.Body, want) && !strings.Contains(page.Body, escaped(want)) {
						t.Errorf("the platform's gallery lacks %q", want)
					}
				}
			}
			name := fmt.Sprintf("every-design-%d", i)
			owner := h.Browser()
			form := owner.SignupForm(name, name+"@example.com")
			form.Set("design", d.Name)
			form.Set("title", d.Title+" & Sons")
			res := owner.Post(h.PlatformHost(), "/signup", form)
			if res.Status != http.StatusSeeOther {
				t.Fatalf("signup with %s: %d\n%s", d.Name, res.Status, apptest.Excerpt(res.Body))
			}
			host := h.SiteHost(name)
			scenarios := []apptest.Scenario{{Name: "home", Host: host, Path: "/", ExpectStatus: http.StatusOK,
				ExpectContains: []string{"/" + d.Name + "/style.css\"", d.Title + " &amp; Sons"}}}
			for _, p := range h.App.Themes.StarterPages(d.Name, themes.StarterData{}) {
				if p.Slug == "" {
					continue
				}
				scenarios = append(scenarios, apptest.Scenario{Name: p.Slug, Host: host, Path: "/" + p.Slug,
					ExpectStatus: http.StatusOK, ExpectContains: []string{"<h1>" + escaped(p.Title) + "</h1>", "/" + d.Name + "/style.css\""}})
			}
			if d.Kind == "store" {
				scenarios = append(scenarios, apptest.Scenario{Name: "products", Host: host, Path: "/products",
					ExpectStatus: http.StatusOK, ExpectContains: []string{`class="product-card"`}})
			}
			apptest.Run(t, h, scenarios)
		})
	}
}

// escaped is text as html/template writes it into a page.
func escaped(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", `"`, "&#34;", "<", "&lt;", ">", "&gt;").Replace(s)
}
