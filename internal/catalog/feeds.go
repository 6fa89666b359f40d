package catalog

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// FeedKind is one of the product feeds a site publishes.
type FeedKind string

// The feeds, by the last part of their address: /feeds/TOKEN/google.xml.
const (
	FeedGoogle  FeedKind = "google.xml"    // Google Merchant Center, RSS 2.0 with the g: namespace
	FeedHeureka FeedKind = "heureka.xml"   // Heureka's SHOP/SHOPITEM format
	FeedJSON    FeedKind = "products.json" // see WriteJSONFeed
)

// FeedKinds lists every feed, in the order the admin shows them.
var FeedKinds = []FeedKind{FeedGoogle, FeedHeureka, FeedJSON}

// FeedKindOf is the feed for an address's last part; false for none.
func FeedKindOf(name string) (FeedKind, bool) {
	for _, k := range FeedKinds {
		if string(k) == name {
			return k, true
		}
	}
	return "", false
}

// newFeedToken is 128 random bits, hex.
func newFeedToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// FeedToken returns the secret part of the site's feed addresses, made on
// first use.
func (s *Store) FeedToken(ctx context.Context, siteID int64) (string, error) {
	if _, err := s.db.Exec(ctx, `INSERT INTO site_feeds (site_id, token, created_at) VALUES (?, ?, ?) ON CONFLICT (site_id) DO NOTHING`,
		siteID, newFeedToken(), sqldb.Millis(s.now())); err != nil {
		return "", fmt.Errorf("feed token: %w", err)
	}
	var t string
	if err := s.db.QueryRow(ctx, `SELECT token FROM site_feeds WHERE site_id = ?`, siteID).Scan(&t); err != nil {
		return "", fmt.Errorf("feed token: %w", err)
	}
	return t, nil
}

// NewFeedToken gives the site new feed addresses; the old ones stop
// working at once.
func (s *Store) NewFeedToken(ctx context.Context, siteID int64) (string, error) {
	t := newFeedToken()
	if _, err := s.db.Exec(ctx, `INSERT INTO site_feeds (site_id, token, created_at) VALUES (?, ?, ?)
		ON CONFLICT (site_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at`,
		siteID, t, sqldb.Millis(s.now())); err != nil {
		return "", fmt.Errorf("new feed token: %w", err)
	}
	return t, nil
}

// ValidFeedToken reports whether token is the site's current feed token.
// It is checked against the site the host resolved to, so a token of
// another site never works here.
func (s *Store) ValidFeedToken(ctx context.Context, siteID int64, token string) (bool, error) {
	var t string
	err := s.db.QueryRow(ctx, `SELECT token FROM site_feeds WHERE site_id = ?`, siteID).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("feed token: %w", err)
	}
	return len(token) == len(t) && subtle.ConstantTimeCompare([]byte(token), []byte(t)) == 1, nil
}

// FeedOptions is what a feed needs from the web: absolute addresses.
type FeedOptions struct {
	BaseURL  string                                                  // "https://shop.example", no trailing slash
	ImageURL func(ctx context.Context, siteID, mediaID int64) string // absolute, or "" when the image is gone
}

// FeedSite is the shop a feed describes.
type FeedSite struct {
	ID       int64
	Title    string
	Currency string
	BaseURL  string
}

// feedCache keeps each site's last built feeds, keyed by the site's
// content version: every catalog write moves the version on, so an entry
// of an older version is never served, and is replaced on the next build.
type feedCache struct {
	mu      sync.Mutex
	entries map[feedKey][]byte
}

type feedKey struct {
	site    int64
	kind    FeedKind
	base    string
	version int64
}

// maxFeedCache bounds the number of cached feeds.
const maxFeedCache = 1000

func (c *feedCache) get(k feedKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.entries[k]
	return b, ok
}

func (c *feedCache) put(k feedKey, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[feedKey][]byte{}
	}
	for old := range c.entries {
		if old.site == k.site && old.kind == k.kind && old.base == k.base {
			delete(c.entries, old)
		}
	}
	if len(c.entries) >= maxFeedCache {
		for old := range c.entries {
			delete(c.entries, old)
			break
		}
	}
	c.entries[k] = b
}

// Feed returns a feed of the site's active products, built once per
// content version of the site.
func (s *Store) Feed(ctx context.Context, siteID int64, kind FeedKind, o FeedOptions) ([]byte, error) {
	site := FeedSite{ID: siteID, BaseURL: strings.TrimRight(o.BaseURL, "/")}
	var version int64
	if err := s.db.QueryRow(ctx, `SELECT title, currency, content_version FROM sites WHERE id = ?`, siteID).Scan(&site.Title, &site.Currency, &version); err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	key := feedKey{site: siteID, kind: kind, base: site.BaseURL, version: version}
	if b, ok := s.feeds.get(key); ok {
		return b, nil
	}
	products, images, err := s.feedProducts(ctx, siteID, o)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	switch kind {
	case FeedGoogle:
		err = WriteGoogleFeed(&buf, site, products, images)
	case FeedHeureka:
		err = WriteHeurekaFeed(&buf, site, products, images)
	case FeedJSON:
		err = WriteJSONFeed(&buf, site, products, images)
	default:
		return nil, ErrProductNotFound
	}
	if err != nil {
		return nil, err
	}
	s.feeds.put(key, buf.Bytes())
	return buf.Bytes(), nil
}

// feedProducts reads every active product with its details, a page at a
// time, and the absolute address of each one's first image.
func (s *Store) feedProducts(ctx context.Context, siteID int64, o FeedOptions) ([]Product, map[int64]string, error) {
	var out []Product
	images := map[int64]string{}
	cursor := ""
	for {
		page, err := s.ListProducts(ctx, siteID, ListQuery{Status: StatusActive, Sort: SortTitle, Cursor: cursor, Limit: 200})
		if err != nil {
			return nil, nil, fmt.Errorf("feed: %w", err)
		}
		for _, l := range page.Products {
			p, err := s.Product(ctx, siteID, l.ID)
			if errors.Is(err, ErrProductNotFound) {
				continue // deleted meanwhile
			}
			if err != nil {
				return nil, nil, fmt.Errorf("feed: %w", err)
			}
			if len(p.Images) > 0 && o.ImageURL != nil {
				if u := o.ImageURL(ctx, siteID, p.Images[0].MediaID); u != "" {
					images[p.ID] = u
				}
			}
			out = append(out, p)
		}
		if page.Next == "" {
			return out, images, nil
		}
		cursor = page.Next
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// plainText turns sanitised description HTML into one line of text.
func plainText(h string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(h, " "))), " ")
}

// productAvailable reports whether some variant can be sold now.
func productAvailable(p Product) bool {
	for _, v := range p.Variants {
		if v.Available() {
			return true
		}
	}
	return false
}
