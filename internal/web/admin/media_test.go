package admin_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// upload is a file for the library's upload form.
type upload struct {
	name    string
	content []byte
}

// uploadRequest builds the multipart POST that the upload form sends.
func uploadRequest(t testing.TB, host string, files ...upload) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		w, err := mw.CreateFormFile("file", f.name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(f.content)
	}
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, "http://"+host+"/admin/media/upload", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

func testPNG(t testing.TB, w, h int, seed uint8) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x) + seed, uint8(y) * seed, seed, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// noisePNG is a picture of random pixels, which does not compress.
func noisePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	_, _ = rand.Read(img.Pix)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// mediaFiles counts the files under the platform's media folder.
func mediaFiles(t *testing.T, h *apptest.Harness) int {
	t.Helper()
	n := 0
	_ = filepath.WalkDir(filepath.Join(h.Config().DataDir, "media"), func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// The owner's story: an empty library, an upload, the image on the site's
// host with a year's caching, alt text, a use, and deleting it after the warning.
func TestMediaLibraryStory(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)

	apptest.Expect(t, b.Get(host, "/admin/media"), http.StatusOK, "Your media library is empty.", "0 bytes</b> of 10 GB used",
		`href="/admin/media" aria-current="page"`, `enctype="multipart/form-data"`)

	pic := testPNG(t, 800, 600, 3)
	res := b.Send(uploadRequest(t, host, upload{"Croissants.jpg", pic}))
	apptest.Expect(t, res, http.StatusSeeOther)
	page := b.Follow(host, res)
	apptest.Expect(t, page, http.StatusOK, "“Croissants.jpg” added.", "Croissants.jpg", "800 × 600", "Not used", "No alt text", `loading="lazy"`)
	list, err := h.App.Media.List(ctx, site.ID, media.ListOptions{})
	if err != nil || list.Total != 1 {
		t.Fatalf("library: %+v %v", list, err)
	}
	m := list.Items[0]
	if m.ContentType != media.PNG {
		t.Fatalf("a PNG named .jpg stored as %s", m.ContentType)
	}
	item := fmt.Sprintf("/admin/media/%d", m.ID)

	// The same picture again is recognised.
	res = b.Send(uploadRequest(t, host, upload{"again.png", pic}))
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "“again.png” is already in your library as “Croissants.jpg”.")

	// Served on the site's host, original and resized, cached for a year.
	immutable := map[string]string{"Cache-Control": "public, max-age=31536000, immutable", "Content-Type": "image/png",
		"X-Content-Type-Options": "nosniff"}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "original", Host: host, Path: m.URL(), ExpectStatus: http.StatusOK, ExpectHeader: immutable},
		{Name: "resized", Host: host, Path: m.VariantURL(320), ExpectStatus: http.StatusOK, ExpectHeader: immutable,
			After: func(t *testing.T, h *apptest.Harness) {
				res := h.Browser().Get(host, m.VariantURL(320))
				cfg, err := png.DecodeConfig(strings.NewReader(res.Body))
				if err != nil || cfg.Width != 320 || cfg.Height != 240 {
					t.Fatalf("320 copy: %+v %v", cfg, err)
				}
			}},
		{Name: "no width outside the set", Host: host, Path: fmt.Sprintf("/media/%d/333/x.png", m.ID), ExpectStatus: http.StatusNotFound},
		{Name: "no such image", Host: host, Path: "/media/12345/x.png", ExpectStatus: http.StatusNotFound},
		{Name: "not an ID", Host: host, Path: "/media/abc/x.png", ExpectStatus: http.StatusNotFound},
	})

	// Alt text: too long is refused in the form, then saved.
	res = b.Post(host, item, url.Values{"alt": {strings.Repeat("x", 501)}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Keep the description under 500 characters")
	res = b.Post(host, item, url.Values{"alt": {"Three croissants on a board"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Alt text saved.", "Three croissants on a board", "Nowhere yet.")

	// Used on a page: the page and the library say so, and deleting warns.
	home, _ := h.App.Pages.BySlug(ctx, site.ID, "")
	if err := h.App.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		return h.App.Media.SetUsesTx(ctx, tx, site.ID, "page", home.ID, []int64{m.ID})
	}); err != nil {
		t.Fatal(err)
	}
	apptest.Expect(t, b.Get(host, "/admin/media"), http.StatusOK, "Used in 1 place")
	apptest.Expect(t, b.Get(host, item), http.StatusOK, "Page “"+home.Title+"”", fmt.Sprintf(`href="/admin/pages/%d"`, home.ID))
	warning := "is used in 1 place: Page “" + home.Title + "”. If you delete it, those places show no picture until you choose another."
	apptest.Expect(t, b.Get(host, item+"/delete"), http.StatusOK, warning, `name="confirmed" value="1"`)
	// Posting without the confirmation asks first and deletes nothing.
	apptest.Expect(t, b.Post(host, item+"/delete", nil), http.StatusOK, warning)
	if _, err := h.App.Media.Get(ctx, site.ID, m.ID); err != nil {
		t.Fatalf("deleted without confirmation: %v", err)
	}
	res = b.Post(host, item+"/delete", url.Values{"confirmed": {"1"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "“Croissants.jpg” deleted.", "Your media library is empty.")
	apptest.Expect(t, b.Get(host, m.URL()), http.StatusNotFound)
	if n := mediaFiles(t, h); n != 0 {
		t.Fatalf("%d files left after delete", n)
	}
}

// Uploads that cannot be kept leave nothing behind and say why.
func TestMediaUploadRefusals(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("bakery", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)

	res := b.Send(uploadRequest(t, host, upload{"menu.png", []byte("<!doctype html><html><script>alert(1)</script></html>")}))
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "One file was not added.",
		"“menu.png” is not a picture we can use. Upload a JPEG, PNG, WebP, GIF or SVG image.")

	// One good, one bad: the good one is kept and both are reported.
	res = b.Send(uploadRequest(t, host, upload{"good.png", testPNG(t, 40, 40, 1)}, upload{"notes.txt", []byte("hello")}))
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "“notes.txt” is not a picture", "“good.png” added.")

	// Nothing chosen.
	res = b.Send(uploadRequest(t, host))
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Choose one or more pictures to upload.")

	// A file over the cap.
	big := append(testPNG(t, 10, 10, 2), make([]byte, media.MaxFileBytes)...)
	res = b.Send(uploadRequest(t, host, upload{"poster.png", big}))
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "“poster.png” is larger than 20 MB, the most one file may be.")

	// Over the plan's storage: Free has 100 MB; fill it nearly.
	if err := h.App.Sites.SetPlan(ctx, site.ID, plans.Free); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.DB.Exec(ctx, `INSERT INTO media (site_id, id, filename, content_type, bytes, width, height, sha256, alt, created_at)
		VALUES (?, ?, 'archive.png', 'image/png', ?, 1, 1, 'x', '', 1)`, site.ID, sqldb.NewID(), int64(104_800_000)); err != nil {
		t.Fatal(err)
	}
	res = b.Send(uploadRequest(t, host, upload{"more.png", noisePNG(t, 200, 200)}))
	apptest.Expect(t, res, http.StatusUnprocessableEntity,
		"Your plan includes 100 MB of media; 99.9 MB are used. Delete unused images or choose a bigger plan.")

	if n := h.Count(`SELECT COUNT(*) FROM media WHERE site_id = ?`, site.ID); n != 2 {
		t.Fatalf("%d images, want good.png and the filler", n)
	}
	if n := mediaFiles(t, h); n != 1 {
		t.Fatalf("%d files, want only good.png's", n)
	}

	// A body far over what an upload may be is refused before it is read.
	req := uploadRequest(t, host, upload{"x.png", []byte("x")})
	req.ContentLength = 300 << 20
	apptest.Expect(t, b.Send(req), http.StatusRequestEntityTooLarge)
	// Other addresses keep the small cap for multipart bodies.
	req = uploadRequest(t, host, upload{"x.png", make([]byte, 3<<20)})
	req.URL.Path = "/admin/settings"
	apptest.Expect(t, b.Send(req), http.StatusRequestEntityTooLarge)
}

// Who may use the library, and that one site's images are nobody's
// business on another site's host.
func TestMediaAccessAcrossSites(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	a, owner := h.NewSite("bakery", "anna@example.com")
	other, otherOwner := h.NewSite("florist", "flora@example.com")
	hostA, hostB := h.SiteHost(a.Name), h.SiteHost(other.Name)
	h.StaffMember(a, "eddie@example.com", accounts.RoleEditor)
	editor := h.Login(hostA, "eddie@example.com")
	anna := h.Login(hostA, owner.Email)
	flora := h.Login(hostB, otherOwner.Email)

	// An editor may upload.
	res := editor.Send(uploadRequest(t, hostA, upload{"bread.png", testPNG(t, 400, 300, 7)}))
	apptest.Expect(t, res, http.StatusSeeOther)
	list, _ := h.App.Media.List(ctx, a.ID, media.ListOptions{})
	if list.Total != 1 {
		t.Fatalf("editor's upload: %+v", list)
	}
	m := list.Items[0]
	item := fmt.Sprintf("/admin/media/%d", m.ID)
	svgUp, err := h.App.Media.Upload(ctx, a.ID, a.Entitlements(), "logo.svg",
		strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><script>alert(2)</script><rect width="10" height="10"/></svg>`))
	if err != nil {
		t.Fatal(err)
	}

	apptest.Run(t, h, []apptest.Scenario{
		{Name: "editor sees the library", Host: hostA, Path: "/admin/media", As: editor, ExpectStatus: http.StatusOK, ExpectContains: []string{"bread.png"}},
		{Name: "a stranger is sent to log in", Host: hostA, Path: "/admin/media", ExpectStatus: http.StatusSeeOther,
			ExpectHeader: map[string]string{"Location": "/admin/login?next=%2Fadmin%2Fmedia"}},
		{Name: "another site's owner is not staff here", Host: hostA, Path: "/admin/media", As: flora, ExpectStatus: http.StatusSeeOther},
		{Name: "B's admin does not show A's image", Host: hostB, Path: item, As: flora, ExpectStatus: http.StatusNotFound},
		{Name: "B's admin cannot change A's alt text", Method: http.MethodPost, Host: hostB, Path: item, As: flora,
			Form: url.Values{"alt": {"mine"}}, ExpectStatus: http.StatusNotFound},
		{Name: "B's admin cannot delete A's image", Method: http.MethodPost, Host: hostB, Path: item + "/delete", As: flora,
			Form: url.Values{"confirmed": {"1"}}, ExpectStatus: http.StatusNotFound},
		{Name: "A's image is not on B's host", Host: hostB, Path: m.URL(), ExpectStatus: http.StatusNotFound},
		{Name: "nor resized", Host: hostB, Path: m.VariantURL(160), ExpectStatus: http.StatusNotFound},
		{Name: "A's image on A's host", Host: hostA, Path: m.VariantURL(160), ExpectStatus: http.StatusOK,
			ExpectHeader: map[string]string{"Cache-Control": "public, max-age=31536000, immutable"}},
		{Name: "an SVG runs nothing when opened", Host: hostA, Path: svgUp.URL(), ExpectStatus: http.StatusOK,
			ExpectHeader: map[string]string{"Content-Type": "image/svg+xml", "X-Content-Type-Options": "nosniff",
				"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
			ExpectContains: []string{`<rect width="10" height="10">`}, ExpectNotContains: []string{"alert", "onload", "script"}},
		{Name: "owner deletes", Method: http.MethodPost, Host: hostA, Path: item + "/delete", As: anna,
			Form: url.Values{"confirmed": {"1"}}, ExpectStatus: http.StatusSeeOther},
	})
	if _, err := h.App.Media.Get(ctx, a.ID, m.ID); err == nil {
		t.Fatal("the owner's delete did not delete")
	}
}

// screenshotMedia fills the library with pictures of several kinds, one of
// them in use, and returns the address of that one's page.
func screenshotMedia(t *testing.T, h *apptest.Harness, b *apptest.Browser, host string) string {
	t.Helper()
	ctx := context.Background()
	var files []upload
	palette := []color.NRGBA{{214, 140, 69, 255}, {90, 140, 200, 255}, {120, 170, 90, 255}, {200, 90, 120, 255}, {240, 200, 80, 255}}
	for i, c := range palette {
		img := image.NewNRGBA(image.Rect(0, 0, 1200, 800))
		for y := 0; y < 800; y++ {
			for x := 0; x < 1200; x++ {
				f := float64(x+y) / 2000
				img.Set(x, y, color.NRGBA{uint8(float64(c.R) * (1 - f/2)), uint8(float64(c.G) * (1 - f/3)), uint8(float64(c.B) * (0.6 + f/2)), 255})
			}
		}
		var buf bytes.Buffer
		_ = png.Encode(&buf, img)
		files = append(files, upload{fmt.Sprintf("photo-%d-shop-window.png", i+1), buf.Bytes()})
	}
	files = append(files, upload{"logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60"><rect width="120" height="60" rx="12" fill="#2b4acb"/><circle cx="30" cy="30" r="16" fill="#ffd166"/><text x="54" y="38" font-size="18" fill="#fff" font-family="sans-serif">Bake</text></svg>`)})
	res := b.Send(uploadRequest(t, host, files...))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", res.Status, apptest.Excerpt(res.Body))
	}
	site, err := h.App.Sites.ByName(ctx, strings.Split(host, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	list, err := h.App.Media.List(ctx, site.ID, media.ListOptions{})
	if err != nil || len(list.Items) < 2 {
		t.Fatalf("library: %+v %v", list, err)
	}
	m := list.Items[len(list.Items)-1]
	home, _ := h.App.Pages.BySlug(ctx, site.ID, "")
	_ = h.App.Media.SetAlt(ctx, site.ID, m.ID, "Our shop window in the morning")
	if err := h.App.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		return h.App.Media.SetUsesTx(ctx, tx, site.ID, "page", home.ID, []int64{m.ID})
	}); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("/admin/media/%d", m.ID)
}
