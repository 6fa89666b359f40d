package storefront_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// shop is a site with a catalog, and a shopper's browser on its host.
type shop struct {
	t    *testing.T
	h    *apptest.Harness
	site sites.Site
	host string
	b    *apptest.Browser
}

// eachDB runs a story on SQLite and, when PAGECART_TEST_POSTGRES_URL is
// set, on PostgreSQL: search and the lists are written per dialect.
func eachDB(t *testing.T, story func(t *testing.T, h *apptest.Harness)) {
	t.Run("sqlite", func(t *testing.T) { story(t, apptest.New(t)) })
	t.Run("postgres", func(t *testing.T) {
		url := sqldbtest.PostgresURL(t)
		story(t, apptest.New(t, func(c *config.Config) { c.DatabaseURL = url }))
	})
}

func newShop(t *testing.T, h *apptest.Harness, name string) *shop {
	t.Helper()
	site, _ := h.NewSite(name, name+"@example.com")
	return &shop{t: t, h: h, site: site, host: h.SiteHost(site.Name), b: h.Browser()}
}

func (s *shop) product(in catalog.ProductInput) catalog.Product {
	s.t.Helper()
	if in.Currency == "" {
		in.Currency = "EUR"
	}
	if in.Status == "" {
		in.Status = catalog.StatusActive
	}
	p, err := s.h.App.Catalog.CreateProduct(context.Background(), s.site.ID, plans.MustGet(plans.Premium), in)
	if err != nil {
		s.t.Fatalf("create product %q: %v", in.Title, err)
	}
	return p
}

func (s *shop) category(title string, parent int64) catalog.Category {
	s.t.Helper()
	c, err := s.h.App.Catalog.CreateCategory(context.Background(), s.site.ID, catalog.CategoryInput{Title: title, ParentID: parent})
	if err != nil {
		s.t.Fatalf("create category %q: %v", title, err)
	}
	return c
}

func (s *shop) get(path string) apptest.Response { return s.b.Get(s.host, path) }

func (s *shop) language(lang string) {
	s.t.Helper()
	set := s.h.Site(s.site.ID).Settings()
	set.Language = lang
	if err := s.h.App.Sites.UpdateSettings(context.Background(), s.site.ID, set); err != nil {
		s.t.Fatal(err)
	}
}

func TestProductPageShowsPriceForTheSitesLanguage(t *testing.T) {
	h := apptest.New(t)
	en := newShop(t, h, "bakery")
	en.product(catalog.ProductInput{Title: "Sourdough loaf", Price: 1250, CompareAtPrice: 1500, SKU: "SD-1",
		Description: "<p>Baked <strong>daily</strong>.</p><script>alert(1)</script>"})
	res := en.get("/products/sourdough-loaf")
	apptest.Expect(t, res, http.StatusOK, "<h1>Sourdough loaf</h1>", "€12.50", `<s class="compare-at" data-compare-at>€15.00</s>`,
		"In stock", "<strong>daily</strong>", `<a href="/">Home</a>`, `<a href="/products">Shop</a>`,
		`<span aria-current="page">Sourdough loaf</span>`, `<form class="add-to-cart" action="/cart/add" method="post">`, "Add to cart",
		`/storefront.js" defer>`)
	if strings.Contains(res.Body, "alert(1)") {
		t.Error("the description's script reached the page")
	}
	// A product without options needs no variant form.
	if strings.Contains(res.Body, "variant-form") {
		t.Error("a product without options shows a variant picker")
	}

	de := newShop(t, h, "baeckerei")
	de.language("de")
	de.product(catalog.ProductInput{Title: "Brezel", Price: 1250})
	apptest.Expect(t, de.get("/products/brezel"), http.StatusOK, "12,50\u00a0€")
}

// fourVariants is a product with two options and four variants, each in
// another state of stock.
func fourVariants(s *shop) catalog.Product {
	return s.product(catalog.ProductInput{Title: "Linen apron", SKU: "APRON",
		Options: []catalog.Option{{Name: "Size", Values: []string{"S", "M"}}, {Name: "Colour", Values: []string{"Red", "Blue"}}},
		Variants: []catalog.VariantInput{
			{OptionValues: []string{"S", "Red"}, SKU: "APRON-S-RED", Price: 1000, Stock: 10, TrackStock: true, LowStockThreshold: 3},
			{OptionValues: []string{"S", "Blue"}, SKU: "APRON-S-BLUE", Price: 1100, Stock: 2, TrackStock: true, LowStockThreshold: 3},
			{OptionValues: []string{"M", "Red"}, SKU: "APRON-M-RED", Price: 1200, Stock: 0, TrackStock: true},
			{OptionValues: []string{"M", "Blue"}, SKU: "APRON-M-BLUE", Price: 1300, CompareAtPrice: 1600, TrackStock: true, AllowBackorder: true},
		}})
}

func TestVariantPickerWorksWithoutScript(t *testing.T) {
	h := apptest.New(t)
	s := newShop(t, h, "aprons")
	p := fourVariants(s)
	byTitle := map[string]int64{}
	for _, v := range p.Variants {
		byTitle[v.Title()] = v.ID
	}
	apptest.Expect(t, s.get("/products/linen-apron"), http.StatusOK, `<form class="variant-form" action="/products/linen-apron" method="get"`,
		`<select id="opt-o1" name="o1">`, `<option selected>S</option>`, `<option selected>Red</option>`,
		"€10.00", "APRON-S-RED", ">In stock<", `type="submit" data-choose>Choose</button>`)
	tests := []struct {
		query string
		want  []string
	}{
		{"variant=" + strconv.FormatInt(byTitle["S / Blue"], 10), []string{"€11.00", "Only 2 left", "APRON-S-BLUE"}},
		{"variant=" + strconv.FormatInt(byTitle["M / Red"], 10), []string{"€12.00", `class="stock out" data-availability>Out of stock`}},
		{"o1=M&o2=Blue", []string{"€13.00", "<s class=\"compare-at\" data-compare-at>€16.00</s>", "Available to order", "APRON-M-BLUE",
			`<option selected>M</option>`, `<option selected>Blue</option>`}},
		{"o1=XL&o2=Blue", []string{"This combination is not available"}},
		{"variant=12345", []string{"€10.00", "APRON-S-RED"}}, // not a variant of this product: the default
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			apptest.Expect(t, s.get("/products/linen-apron?"+tt.query), http.StatusOK, tt.want...)
		})
	}
	// The script reads every variant from a data- attribute, with IDs as
	// strings (they use all 64 bits).
	res := s.get("/products/linen-apron")
	m := regexp.MustCompile(`data-variants="([^"]*)"`).FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatal("no data-variants")
	}
	var vs []struct {
		ID           string   `json:"id"`
		Options      []string `json:"options"`
		Price        string   `json:"price"`
		Availability string   `json:"availability"`
	}
	if err := json.Unmarshal([]byte(unescapeAttr(m[1])), &vs); err != nil {
		t.Fatalf("data-variants: %v\n%s", err, m[1])
	}
	if len(vs) != 4 || vs[1].ID != strconv.FormatInt(byTitle["S / Blue"], 10) || vs[1].Availability != "Only 2 left" || vs[3].Price != "€13.00" {
		t.Errorf("data-variants = %+v", vs)
	}
}

func unescapeAttr(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&quot;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

func TestProductAddresses(t *testing.T) {
	h := apptest.New(t)
	s := newShop(t, h, "moves")
	in := catalog.ProductInput{Title: "Rye bread", Price: 400, Currency: "EUR", Status: catalog.StatusActive}
	p := s.product(in)
	in.Slug = "dark-rye"
	if _, err := h.App.Catalog.UpdateProduct(context.Background(), s.site.ID, p.ID, in); err != nil {
		t.Fatal(err)
	}
	res := s.get("/products/rye-bread?variant=1")
	if res.Status != http.StatusMovedPermanently || res.Location != "/products/dark-rye?variant=1" {
		t.Fatalf("old address: %d to %q, want 301 to /products/dark-rye?variant=1", res.Status, res.Location)
	}
	apptest.Expect(t, s.b.Follow(s.host, res), http.StatusOK, "Rye bread")

	s.product(catalog.ProductInput{Title: "Secret cake", Price: 100, Status: catalog.StatusDraft})
	s.product(catalog.ProductInput{Title: "Old cake", Price: 100, Status: catalog.StatusArchived})
	for _, path := range []string{"/products/secret-cake", "/products/old-cake", "/products/nothing-here", "/categories/nothing"} {
		res := s.get(path)
		apptest.Expect(t, res, http.StatusNotFound, "Error 404", `href="/products"`)
		if strings.Contains(res.Body, "cake") {
			t.Errorf("%s shows the hidden product", path)
		}
	}

	c := s.category("Breads", 0)
	if _, err := h.App.Catalog.UpdateCategory(context.Background(), s.site.ID, c.ID, catalog.CategoryInput{Title: "Breads", Slug: "loaves"}); err != nil {
		t.Fatal(err)
	}
	res = s.get("/categories/breads")
	if res.Status != http.StatusMovedPermanently || res.Location != "/categories/loaves" {
		t.Fatalf("old category address: %d to %q", res.Status, res.Location)
	}
}

func TestShopOfOneSiteIsNeverShownOnAnother(t *testing.T) {
	eachDB(t, func(t *testing.T, h *apptest.Harness) {
		a := newShop(t, h, "alpha")
		b := newShop(t, h, "beta")
		cat := a.category("Alpha things", 0)
		pa := a.product(catalog.ProductInput{Title: "Alpha widget", SKU: "ALPHA-7", Price: 999, CategoryIDs: []int64{cat.ID}})
		b.product(catalog.ProductInput{Title: "Beta gadget", Price: 500})

		apptest.Expect(t, a.get("/products/alpha-widget"), http.StatusOK, "Alpha widget")
		apptest.Expect(t, b.get("/products/alpha-widget"), http.StatusNotFound)
		apptest.Expect(t, b.get("/products/"+strconv.FormatInt(pa.ID, 10)), http.StatusNotFound)
		apptest.Expect(t, b.get("/categories/alpha-things"), http.StatusNotFound)
		for _, path := range []string{"/products", "/search?q=alpha", "/search?q=ALPHA-7", "/search?q=widget", "/sitemap.xml", "/products?sort=title"} {
			res := b.get(path)
			if res.Status != http.StatusOK {
				t.Fatalf("%s: %d", path, res.Status)
			}
			if strings.Contains(res.Body, "alpha-widget") || strings.Contains(res.Body, "Alpha widget") || strings.Contains(res.Body, "alpha-things") {
				t.Errorf("%s on beta shows alpha's product", path)
			}
		}
		apptest.Expect(t, a.get("/search?q=widget"), http.StatusOK, "Alpha widget")
		apptest.Expect(t, a.get("/categories/alpha-things"), http.StatusOK, "Alpha widget")
	})
}

func TestProductJSONLD(t *testing.T) {
	h := apptest.New(t)
	s := newShop(t, h, "ld")
	s.product(catalog.ProductInput{Title: `Cake </script><script>alert("x")</script>`, Slug: "cake", Price: 1250, SKU: "C-1"})
	res := s.get("/products/cake")
	apptest.Expect(t, res, http.StatusOK)
	if strings.Contains(res.Body, `<script>alert`) {
		t.Fatal("the title closed a script element")
	}
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld struct {
		Context string `json:"@context"`
		Type    string `json:"@type"`
		Name    string `json:"name"`
		URL     string `json:"url"`
		Offers  []struct {
			Price         string `json:"price"`
			PriceCurrency string `json:"priceCurrency"`
			Availability  string `json:"availability"`
		} `json:"offers"`
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	want := h.App.Config.SiteURL("ld") + "/products/cake"
	if ld.Type != "Product" || ld.Name != `Cake </script><script>alert("x")</script>` || ld.URL != want || len(ld.Offers) != 1 ||
		ld.Offers[0].Price != "12.50" || ld.Offers[0].PriceCurrency != "EUR" || ld.Offers[0].Availability != "https://schema.org/InStock" {
		t.Errorf("JSON-LD = %+v", ld)
	}
}

func TestSitemapListsExactlyWhatIsOnSale(t *testing.T) {
	eachDB(t, func(t *testing.T, h *apptest.Harness) {
		s := newShop(t, h, "mapped")
		other := newShop(t, h, "other")
		other.product(catalog.ProductInput{Title: "Foreign thing", Price: 1})
		top := s.category("Cakes", 0)
		sub := s.category("Tarts", top.ID)
		s.product(catalog.ProductInput{Title: "Lemon tart", Price: 100, CategoryIDs: []int64{sub.ID}})
		s.product(catalog.ProductInput{Title: "Cheesecake", Price: 100})
		s.product(catalog.ProductInput{Title: "Draft pie", Price: 100, Status: catalog.StatusDraft})
		s.product(catalog.ProductInput{Title: "Gone pie", Price: 100, Status: catalog.StatusArchived})

		res := s.get("/sitemap.xml")
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
			t.Fatalf("sitemap: %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		var set struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(res.Body), &set); err != nil {
			t.Fatal(err)
		}
		base := h.App.Config.SiteURL("mapped")
		var products, categories []string
		pagesListed := 0
		for _, u := range set.URLs {
			rest, ok := strings.CutPrefix(u.Loc, base+"/")
			if !ok {
				t.Errorf("%s is not on the site's own host %s", u.Loc, base)
			}
			switch {
			case strings.HasPrefix(rest, "products/"):
				products = append(products, strings.TrimPrefix(rest, "products/"))
				if u.LastMod == "" {
					t.Errorf("%s has no lastmod", u.Loc)
				}
			case strings.HasPrefix(rest, "categories/"):
				categories = append(categories, strings.TrimPrefix(rest, "categories/"))
			default:
				pagesListed++
			}
		}
		slices.Sort(products)
		if !slices.Equal(products, []string{"cheesecake", "lemon-tart"}) || !slices.Equal(categories, []string{"cakes", "tarts"}) {
			t.Errorf("sitemap lists products %v and categories %v", products, categories)
		}
		if pagesListed < 2 { // the starter pages and /products
			t.Errorf("sitemap lists %d pages", pagesListed)
		}

		// A site that fits one file has no parts; a part's number is a
		// plain positive number or nothing.
		for _, q := range []string{"?part=1", "?part=0", "?part=x", "?part=01", "?part=99999999999999999999"} {
			if res := s.get("/sitemap.xml" + q); res.Status != http.StatusNotFound {
				t.Errorf("/sitemap.xml%s = %d, want 404", q, res.Status)
			}
		}

		robots := s.get("/robots.txt")
		apptest.Expect(t, robots, http.StatusOK, "User-agent: *", "Disallow: /admin", "Disallow: /api", "Disallow: /search?",
			"Sitemap: "+base+"/sitemap.xml")
		if !strings.HasPrefix(robots.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("robots.txt is %s", robots.Header.Get("Content-Type"))
		}
	})
}

func TestSearch(t *testing.T) {
	eachDB(t, func(t *testing.T, h *apptest.Harness) {
		s := newShop(t, h, "searching")
		s.category("Breads", 0)
		s.product(catalog.ProductInput{Title: "Sourdough loaf", SKU: "BRD-0042", Price: 650})
		s.product(catalog.ProductInput{Title: "Croissant", Price: 250, Description: "<p>Butter, flour and patience.</p>"})
		tests := []struct{ q, want, not string }{
			{"sourdough", "Sourdough loaf", "Croissant"},
			{"BRD-0042", "Sourdough loaf", "Croissant"},
			{"sourdugh", "Sourdough loaf", "Croissant"}, // a typo
			{"patience", "Croissant", "Sourdough loaf"},
		}
		for _, tt := range tests {
			res := s.get("/search?q=" + tt.q)
			apptest.Expect(t, res, http.StatusOK, tt.want, `value="`+tt.q+`"`)
			if strings.Contains(res.Body, tt.not) {
				t.Errorf("search %q finds %q too", tt.q, tt.not)
			}
		}
		apptest.Expect(t, s.get("/search?q=pizza"), http.StatusOK, "No products match “pizza”", `value="pizza"`,
			`<a href="/products">All products</a>`, `<a href="/categories/breads">Breads</a>`)
		apptest.Expect(t, s.get("/search"), http.StatusOK, "What are you looking for?")
		// Every design's header has the search box once the site sells.
		apptest.Expect(t, s.get("/"), http.StatusOK, `<form class="search-box" action="/search"`, `<a href="/products">Shop</a>`)
	})
}

func TestShopLinkOnlyWithProducts(t *testing.T) {
	h := apptest.New(t)
	s := newShop(t, h, "empty")
	res := s.get("/")
	if strings.Contains(res.Body, `href="/products"`) || strings.Contains(res.Body, "search-box") {
		t.Error("a site without products links to its shop")
	}
	s.product(catalog.ProductInput{Title: "First", Price: 100})
	apptest.Expect(t, s.get("/"), http.StatusOK, `<a href="/products">Shop</a>`)
}

func TestCategoryPages(t *testing.T) {
	eachDB(t, func(t *testing.T, h *apptest.Harness) {
		s := newShop(t, h, "paged")
		top := s.category("Pastry", 0)
		s.category("Tarts", top.ID)
		for i := range 30 {
			s.product(catalog.ProductInput{Title: fmt.Sprintf("Pastry %02d", i), Price: int64(100 + i), CategoryIDs: []int64{top.ID}})
		}
		s.product(catalog.ProductInput{Title: "Unlisted bun", Price: 1})
		first := s.get("/categories/pastry")
		apptest.Expect(t, first, http.StatusOK, "<h1>Pastry</h1>", `<a href="/categories/tarts">Tarts</a>`, "More products",
			`<option value="featured" selected>Featured</option>`)
		if n := strings.Count(first.Body, `class="product-card"`); n != 24 {
			t.Fatalf("first page shows %d products", n)
		}
		if strings.Contains(first.Body, "Unlisted bun") {
			t.Error("a product outside the category is listed")
		}
		more := regexp.MustCompile(`href="(/categories/pastry\?after=[^"]+)">More products`).FindStringSubmatch(first.Body)
		if more == nil {
			t.Fatal("no link to the next page")
		}
		second := s.get(strings.ReplaceAll(more[1], "&amp;", "&"))
		apptest.Expect(t, second, http.StatusOK)
		if n := strings.Count(second.Body, `class="product-card"`); n != 6 || strings.Contains(second.Body, "More products") {
			t.Errorf("second page shows %d products (more link: %v)", n, strings.Contains(second.Body, "More products"))
		}
		// Sorted by price, dearest first, across pages.
		res := s.get("/categories/pastry?sort=-price")
		if i, j := strings.Index(res.Body, "Pastry 29"), strings.Index(res.Body, "Pastry 10"); i < 0 || j < 0 || i > j {
			t.Error("sort=-price does not put the dearest first")
		}
		next := regexp.MustCompile(`href="([^"]+)">More products`).FindStringSubmatch(res.Body)
		if next == nil || !strings.Contains(next[1], "sort=-price") {
			t.Fatalf("the next page forgets the sort: %v", next)
		}
		last := s.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		apptest.Expect(t, last, http.StatusOK, "Pastry 00")

		// The whole shop, by title.
		all := s.get("/products?sort=title")
		apptest.Expect(t, all, http.StatusOK, `<option value="title" selected>Name</option>`, "Pastry 00")
		if strings.Index(all.Body, "Pastry 00") > strings.Index(all.Body, "Pastry 01") {
			t.Error("sort=title is not by title")
		}
	})
}

func TestEditedProductShowsAtOnce(t *testing.T) {
	h := apptest.New(t)
	s := newShop(t, h, "fresh")
	c := s.category("Everything", 0)
	in := catalog.ProductInput{Title: "Bagel", Price: 300, Currency: "EUR", Status: catalog.StatusActive, CategoryIDs: []int64{c.ID}}
	p := s.product(in)
	for range 2 { // the second one comes from the cache
		apptest.Expect(t, s.get("/products/bagel"), http.StatusOK, "€3.00")
		apptest.Expect(t, s.get("/categories/everything"), http.StatusOK, "€3.00")
		apptest.Expect(t, s.get("/search?q=bagel"), http.StatusOK, "€3.00")
	}
	in.Price = 350
	if _, err := h.App.Catalog.UpdateProduct(context.Background(), s.site.ID, p.ID, in); err != nil {
		t.Fatal(err)
	}
	apptest.Expect(t, s.get("/products/bagel"), http.StatusOK, "€3.50")
	apptest.Expect(t, s.get("/categories/everything"), http.StatusOK, "€3.50")
	apptest.Expect(t, s.get("/search?q=bagel"), http.StatusOK, "€3.50")
	if _, err := h.App.Catalog.SetStatus(context.Background(), s.site.ID, []int64{p.ID}, catalog.StatusDraft); err != nil {
		t.Fatal(err)
	}
	apptest.Expect(t, s.get("/products/bagel"), http.StatusNotFound)
}
