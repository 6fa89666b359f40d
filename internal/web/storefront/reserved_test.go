package storefront_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/pagecart/pagecart/internal/pages"
)

// routePattern finds the first path segment of every route an area
// registers in its routes.go ("GET /admin/pages" → "admin").
var routePattern = regexp.MustCompile(`mux\.Handle(?:Func)?\("(?:[A-Z]+ )?/([^/{"$ ]+)`)

// Every route of a site's host starts with an address that pages may not
// use, so that no route can hide an owner's page or be hidden by one. A new
// area or route fails here until its address is reserved in package pages.
func TestSiteRoutesAreReserved(t *testing.T) {
	files, err := filepath.Glob("../*/routes.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		// The platform host and the operator console are another host:
		// their routes do not share a site's paths.
		if dir := filepath.Base(filepath.Dir(f)); dir == "platform" || dir == "operator" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range routePattern.FindAllStringSubmatch(string(src), -1) {
			checked++
			if !pages.IsReserved(m[1]) {
				t.Errorf("%s: route /%s is not reserved in pages.Reserved: a page could take its address", f, m[1])
			}
		}
	}
	if checked < 10 {
		t.Fatalf("found only %d site routes; is the pattern still right?", checked)
	}
}
