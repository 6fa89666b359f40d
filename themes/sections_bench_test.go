package themes

import (
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/sections"
)

// twelveSections is a full page of 12 sections as an owner might build it: every kind of content, with
// pictures, blocks and products.
func twelveSections(b *testing.B) []SectionView {
	b.Helper()
	names := []string{"hero", "features", "cards", "price-list", "testimonials", "richtext", "image-text", "gallery",
		"contact", "posts", "featured-products", "cta"}
	var views []SectionView
	for i, n := range names {
		typ, ok := sections.Lookup(n)
		if !ok {
			b.Fatalf("no type %q", n)
		}
		v := fullView(typ, i)
		if typ.Block != nil {
			for j := 3; j < min(8, typ.MaxBlocks); j++ {
				v.Blocks = append(v.Blocks, sections.Block{ID: sections.NewID(), Settings: fullSettings(typ.Block.Fields, j)})
			}
		}
		if n == "richtext" {
			v.Settings["text"] = strings.Repeat(`<p>A paragraph of <strong>rich</strong> text with <a href="/menu">a link</a> and some more words to make it a real paragraph.</p>`, 16)
		}
		views = append(views, v)
	}
	return views
}

// BenchmarkRenderSections renders a 12-section page in a design, uncached: the work of a page-cache miss
// after the storefront has resolved the sections' data. Goal p99 < 10 ms.
//
//	go test ./themes -run '^$' -bench RenderSections -benchtime 2000x
func BenchmarkRenderSections(b *testing.B) {
	set, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	v := sampleView(set, "bakery", "")
	v.Page.Sections = twelveSections(b)
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if err := set.Render(io.Discard, "bakery", v); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	pct := func(p float64) float64 {
		return float64(times[int(float64(len(times)-1)*p)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(.50), "p50-ms")
	b.ReportMetric(pct(.99), "p99-ms")
}
