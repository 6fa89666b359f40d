package admin_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/catalog"
)

func importRequest(t testing.TB, host string, content []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, err := mw.CreateFormFile("file", "products.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(content)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, "http://"+host+"/admin/products/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

const goodFile = "handle;title;status;price;option1_name;option1_value;variant_sku;variant_price;stock;category\n" +
	"rye;Rye bread;active;4,20;Size;500 g;RYE-500;4,20;10;Bread/Rye\n" +
	"rye;;;;;1 kg;RYE-1000;7,50;0;\n" +
	"croissant;Croissant;active;1,80;;;CRO;;5;Pastry\n" +
	"espresso;Espresso beans;draft;9,90;;;ESP;;;Coffee\n"

func TestImportProductsFromTheAdmin(t *testing.T) {
	h := apptest.New(t)
	a, _ := h.NewSite("anna", "anna@example.com")
	h.NewSite("bert", "bert@example.com")
	hostA, hostB := h.SiteHost("anna"), h.SiteHost("bert")
	b := h.Login(hostA, "anna@example.com")
	count := func(siteID int64) int {
		return h.Count(`SELECT COUNT(*) FROM products WHERE site_id = ? AND slug IN ('rye', 'croissant', 'espresso')`, siteID)
	}

	if res := b.Get(hostA, "/admin/products/import"); res.Status != http.StatusOK || !strings.Contains(res.Body, `enctype="multipart/form-data"`) {
		t.Fatalf("import form: %d\n%s", res.Status, apptest.Excerpt(res.Body))
	}
	// Files that cannot be read are refused on the form, and not stored.
	for _, tt := range []struct{ name, file, want string }{
		{"latin-1", "handle,title,price\nbr\xe9d,Br\xe9d,3\n", catalog.MsgNotUTF8},
		{"no price column", "handle,title\nrye,Rye\n", "The file has no column price"},
		{"over 10 MB", strings.Repeat("x", catalog.MaxImportBytes+100<<10), catalog.MsgTooLarge},
	} {
		res := b.Send(importRequest(t, hostA, []byte(tt.file)))
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tt.want) {
			t.Errorf("%s: %d, want 422 with %q\n%s", tt.name, res.Status, tt.want, apptest.Excerpt(res.Body))
		}
	}
	if n := h.Count(`SELECT COUNT(*) FROM imports`); n != 0 {
		t.Errorf("%d imports stored from refused files", n)
	}

	// A file with a bad number: the preview lists the error, offers no import.
	bad := strings.Replace(goodFile, "7,50", "7,5x", 1)
	res := b.Send(importRequest(t, hostA, []byte(bad)))
	preview := b.Follow(hostA, res)
	if !strings.Contains(preview.Body, "7,5x&#34; is not a price.") || strings.Contains(preview.Body, "Import 3 products") {
		t.Errorf("preview of a bad file:\n%s", apptest.Excerpt(preview.Body))
	}
	badPath := res.Location
	if res := b.Post(hostA, badPath, nil); res.Status != http.StatusBadRequest {
		t.Errorf("confirming a file with errors: %d", res.Status)
	}

	// A good one: preview, confirm, progress, report.
	res = b.Send(importRequest(t, hostA, []byte(goodFile)))
	path := res.Location
	preview = b.Follow(hostA, res)
	for _, want := range []string{"<b>3</b> new", "RYE-1000", "7.50 EUR", "Import 3 products"} {
		if !strings.Contains(preview.Body, want) {
			t.Errorf("preview lacks %q:\n%s", want, apptest.Excerpt(preview.Body))
		}
	}
	if count(a.ID) != 0 {
		t.Fatal("the preview imported")
	}
	res = b.Post(hostA, path, nil)
	if res.Status != http.StatusSeeOther || res.Location != path {
		t.Fatalf("confirm: %d %q", res.Status, res.Location)
	}
	h.Eventually("the import ends", func() bool {
		return h.Count(`SELECT COUNT(*) FROM imports WHERE status = 'done'`) == 1
	})
	report := b.Get(hostA, path)
	if !strings.Contains(report.Body, "3 products added, 0 updated") || strings.Contains(report.Body, `http-equiv="refresh"`) {
		t.Errorf("report:\n%s", apptest.Excerpt(report.Body))
	}
	if n := count(a.ID); n != 3 {
		t.Errorf("%d products imported", n)
	}
	if n := h.Count(`SELECT COUNT(*) FROM products WHERE slug = 'rye' AND site_id <> ?`, a.ID); n != 0 {
		t.Error("the import reached another site")
	}

	// Export: a download of A's products, none of B's.
	exp := b.Get(hostA, "/admin/products/export")
	if exp.Status != http.StatusOK || !strings.HasPrefix(exp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(exp.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(exp.Body, "RYE-1000") {
		t.Errorf("export: %d %v\n%s", exp.Status, exp.Header, exp.Body)
	}
	bb := h.Login(hostB, "bert@example.com")
	if exp := bb.Get(hostB, "/admin/products/export"); strings.Contains(exp.Body, "RYE") {
		t.Errorf("B's export has A's products:\n%s", exp.Body)
	}
	// Another site cannot see A's import.
	if res := bb.Get(hostB, path); res.Status != http.StatusNotFound {
		t.Errorf("B sees A's import: %d", res.Status)
	}

	// Feeds: A's address works on A's host only, until it is replaced.
	page := b.Get(hostA, "/admin/feeds")
	feedPath := regexp.MustCompile(`/feeds/[0-9a-f]{32}/google\.xml`).FindString(page.Body)
	if feedPath == "" {
		t.Fatalf("feeds page:\n%s", apptest.Excerpt(page.Body))
	}
	anon := h.Browser()
	if res := anon.Get(hostA, feedPath); res.Status != http.StatusOK || !strings.Contains(res.Body, "<g:price>7.50 EUR</g:price>") ||
		!strings.Contains(res.Body, "<g:availability>out_of_stock</g:availability>") || strings.Contains(res.Body, "ESP") {
		t.Errorf("feed: %d\n%s", res.Status, res.Body)
	}
	if res := anon.Get(hostA, strings.Replace(feedPath, "google.xml", "products.json", 1)); res.Status != http.StatusOK || !strings.Contains(res.Body, `"RYE-500"`) {
		t.Errorf("json feed: %d", res.Status)
	}
	if res := anon.Get(hostB, feedPath); res.Status != http.StatusNotFound {
		t.Errorf("A's feed token on B's host: %d", res.Status)
	}
	if res := b.Post(hostA, "/admin/feeds/new-address", nil); res.Status != http.StatusOK || !strings.Contains(res.Body, `name="confirmed"`) {
		t.Errorf("new address asks first: %d", res.Status)
	}
	if res := b.Post(hostA, "/admin/feeds/new-address", url.Values{"confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Errorf("new address: %d", res.Status)
	}
	if res := anon.Get(hostA, feedPath); res.Status != http.StatusNotFound {
		t.Errorf("old feed address after a new one: %d", res.Status)
	}
}
