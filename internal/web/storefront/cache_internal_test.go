package storefront

import (
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/web/compress"
)

// A page rendered while a post is scheduled is kept only until the post
// goes live: the content version does not move when a date passes.
func TestCachedPageExpiresWhenAScheduledPostGoesLive(t *testing.T) {
	c := newPageCache(10)
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	live := now.Add(time.Hour)
	k, forever := cacheKey{site: 1, slug: "/blog?"}, cacheKey{site: 1, slug: ""}
	c.put(k, compress.NewVariants([]byte("list"), "text/html"), live)
	c.put(forever, compress.NewVariants([]byte("home"), "text/html"), time.Time{})
	for _, tc := range []struct {
		at   time.Time
		key  cacheKey
		want bool
	}{
		{now, k, true},
		{live.Add(-time.Millisecond), k, true},
		{live, k, false},
		{live.Add(24 * time.Hour), k, false},
		{live.Add(24 * time.Hour), forever, true},
	} {
		if _, ok := c.get(tc.key, tc.at); ok != tc.want {
			t.Errorf("get %q at %v: %v, want %v", tc.key.slug, tc.at, ok, tc.want)
		}
	}
}
