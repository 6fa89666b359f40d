package storefront

import (
	"fmt"
	"reflect"
	"testing"
)

// TestSitemapDocSplitsIntoAnIndex checks the sitemap's shape on each side
// of the per-file limit with a limit of 3, where the real one is 50,000.
func TestSitemapDocSplitsIntoAnIndex(t *testing.T) {
	urls := func(n int) []sitemapURL {
		var out []sitemapURL
		for i := range n {
			out = append(out, sitemapURL{Loc: fmt.Sprintf("https://s.example/%d", i)})
		}
		return out
	}
	const base = "https://s.example"
	part := func(n int) sitemapURL { return sitemapURL{Loc: fmt.Sprintf("%s/sitemap.xml?part=%d", base, n)} }
	tests := []struct {
		name  string
		count int
		part  int
		want  any // nil: no such part
	}{
		{"empty site", 0, 0, urlset{NS: sitemapNS}},
		{"fits one file", 3, 0, urlset{NS: sitemapNS, URLs: urls(3)}},
		{"no parts when it fits", 3, 1, nil},
		{"one too many makes an index", 4, 0, sitemapIndex{NS: sitemapNS, Sitemaps: []sitemapURL{part(1), part(2)}}},
		{"first part is full", 4, 1, urlset{NS: sitemapNS, URLs: urls(3)}},
		{"last part has the rest", 4, 2, urlset{NS: sitemapNS, URLs: urls(4)[3:]}},
		{"past the last part", 4, 3, nil},
		{"three parts", 9, 0, sitemapIndex{NS: sitemapNS, Sitemaps: []sitemapURL{part(1), part(2), part(3)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := sitemapDoc(urls(tt.count), tt.part, 3, base)
			if tt.want == nil {
				if ok {
					t.Fatalf("part %d of %d URLs exists: %+v", tt.part, tt.count, got)
				}
				return
			}
			if !ok || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v (%v), want %+v", got, ok, tt.want)
			}
		})
	}
}
