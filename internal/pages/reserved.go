package pages

import "slices"

// reserved are the first path segments that the site's own routes use or
// will use: a page at one of them would be hidden by the route, or would
// hide it. The list lives here, beside the validation that refuses such a
// slug, and a test of the web layer checks that every route of a site's
// host starts with one of them, so that a new route cannot be added
// without reserving its address first (and existing pages renamed by a
// migration, as 00004_reserved_slugs does).
var reserved = []string{
	"_ui", "account", "admin", "api", "assets", "blog", "cart", "categories", "checkout", "consent",
	"favicon.ico", "feeds", "forms", "login", "logout", "media", "orders", "products", "robots.txt",
	"privacy", "search", "sitemap.xml", "tags",
}

// Reserved lists the first path segments that pages cannot use.
func Reserved() []string { return slices.Clone(reserved) }

// IsReserved reports whether a page may not have slug as its address.
func IsReserved(slug string) bool { return slices.Contains(reserved, slug) }
