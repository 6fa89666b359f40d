package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sections"
)

// draftOf reads the sections the editor shows for a page.
func draftOf(t *testing.T, h *apptest.Harness, siteID, pageID int64) (pages.Page, []sections.Section) {
	t.Helper()
	p, err := h.App.Pages.ByID(context.Background(), siteID, pageID)
	if err != nil {
		t.Fatal(err)
	}
	secs, err := sections.Decode(p.Editing())
	if err != nil {
		t.Fatal(err)
	}
	return p, secs
}

func types(secs []sections.Section) string {
	var out []string
	for _, s := range secs {
		out = append(out, s.Type)
	}
	return strings.Join(out, ",")
}

// TestPageEditorWithoutJavaScript adds, edits, moves, duplicates and
// removes sections and blocks with plain form posts, as a browser without
// JavaScript does, and checks that the live page changes only on Publish.
func TestPageEditorWithoutJavaScript(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("editor", "anna@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	about, err := h.App.Pages.BySlug(ctx, site.ID, "about")
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/admin/pages/%d", about.ID)
	_, start := draftOf(t, h, site.ID, about.ID)
	if len(start) == 0 {
		t.Fatal("the starter page has no sections")
	}
	apptest.Expect(t, b.Get(host, base), http.StatusOK, "Sections", "Publish", "History", `src="`+base+`/preview"`)
	liveBefore := b.Get(host, "/about").Body

	// The gallery, then a hero at the top.
	apptest.Expect(t, b.Get(host, base+"/add?at=0"), http.StatusOK, "Hero banner", "A big heading", `value="0" selected`)
	res := b.Post(host, base+"/sections", url.Values{"type": {"hero"}, "at": {"0"}})
	apptest.Expect(t, res, http.StatusSeeOther)
	_, secs := draftOf(t, h, site.ID, about.ID)
	if secs[0].Type != "hero" || len(secs) != len(start)+1 {
		t.Fatalf("after adding: %s", types(secs))
	}
	hero := base + "/sections/" + secs[0].ID
	if loc := res.Header.Get("Location"); loc != hero {
		t.Fatalf("added section leads to %q, want its form %q", loc, hero)
	}
	apptest.Expect(t, b.Get(host, hero), http.StatusOK, `name="s.heading"`, `name="s.image"`, `list="site-links"`, `<option value="/contact">`,
		"Upload a picture to the media library")
	// Premium custom HTML is not offered on a trial.
	if body := b.Get(host, base+"/add").Body; strings.Contains(body, `value="html"`) {
		t.Error("custom HTML offered below Premium")
	}
	apptest.Expect(t, b.Post(host, base+"/sections", url.Values{"type": {"html"}}), http.StatusBadRequest)

	// Field errors are shown next to the field; what was typed is kept.
	res = b.Post(host, hero, url.Values{"s.heading": {""}, "s.text": {"Kept words"}, "s.primary_link": {"javascript:alert(1)"},
		"s.alignment": {"center"}})
	apptest.Expect(t, res, http.StatusUnprocessableEntity, "Heading is required.", "Kept words", `value="javascript:alert(1)"`,
		`<option value="center" selected>`, `aria-invalid="true"`)
	if _, secs = draftOf(t, h, site.ID, about.ID); secs[0].Get("text") == "Kept words" {
		t.Fatal("an invalid form was saved")
	}
	res = b.Post(host, hero, url.Values{"s.heading": {"Fresh every morning"}, "s.primary_label": {"Visit us"},
		"s.primary_link": {"/contact"}, "s.alignment": {"center"}, "s.image": {"art-b"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Hero banner saved in the draft.")
	if _, secs = draftOf(t, h, site.ID, about.ID); secs[0].Get("heading") != "Fresh every morning" || secs[0].Get("image") != "art-b" {
		t.Fatalf("saved hero: %+v", secs[0].Settings)
	}
	// The preview shows the draft, framed by the admin only; the live page
	// does not change.
	pv := b.Get(host, base+"/preview")
	apptest.Expect(t, pv, http.StatusOK, "Fresh every morning")
	if pv.Header.Get("X-Frame-Options") != "SAMEORIGIN" || !strings.Contains(pv.Header.Get("Content-Security-Policy"), "frame-ancestors 'self'") ||
		pv.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("preview headers: %v", pv.Header)
	}
	if live := b.Get(host, "/about").Body; strings.Contains(live, "Fresh every morning") || live != liveBefore {
		t.Fatal("the draft is live")
	}

	// Move, duplicate, remove (asks first).
	apptest.Expect(t, b.Post(host, hero+"/down", nil), http.StatusSeeOther)
	if _, secs = draftOf(t, h, site.ID, about.ID); secs[1].Type != "hero" {
		t.Fatalf("after moving down: %s", types(secs))
	}
	apptest.Expect(t, b.Post(host, hero+"/up", nil), http.StatusSeeOther)
	apptest.Expect(t, b.Post(host, hero+"/duplicate", nil), http.StatusSeeOther)
	_, secs = draftOf(t, h, site.ID, about.ID)
	if secs[0].Type != "hero" || secs[1].Type != "hero" || secs[1].ID == secs[0].ID || secs[1].Get("heading") != "Fresh every morning" {
		t.Fatalf("after duplicating: %s", types(secs))
	}
	apptest.Expect(t, b.Post(host, base+"/sections/"+secs[1].ID+"/remove", nil), http.StatusOK, "Remove this hero banner section?", `name="confirmed"`)
	apptest.Expect(t, b.Post(host, base+"/sections/"+secs[1].ID+"/remove", url.Values{"confirmed": {"1"}}), http.StatusSeeOther)
	if _, secs = draftOf(t, h, site.ID, about.ID); len(secs) != len(start)+1 {
		t.Fatalf("after removing: %s", types(secs))
	}

	// Blocks: a features section gets, duplicates, moves and loses blocks,
	// each by a button of the whole form, keeping what was typed.
	apptest.Expect(t, b.Post(host, base+"/sections", url.Values{"type": {"features"}, "at": {"1"}}), http.StatusSeeOther)
	_, secs = draftOf(t, h, site.ID, about.ID)
	feat := secs[1]
	if feat.Type != "features" {
		t.Fatalf("features not at 1: %s", types(secs))
	}
	form := func(blocks ...string) url.Values {
		v := url.Values{"s.heading": {"Why us"}, "blocks": {fmt.Sprint(len(blocks))}}
		for i, title := range blocks {
			v.Set(fmt.Sprintf("b.%d.title", i), title)
			if i < len(feat.Blocks) {
				v.Set(fmt.Sprintf("b.%d.id", i), feat.Blocks[i].ID)
			}
		}
		return v
	}
	fpath := base + "/sections/" + feat.ID
	n := len(feat.Blocks)
	titles := make([]string, n)
	for i := range titles {
		titles[i] = fmt.Sprintf("Point %d", i+1)
	}
	v := form(titles...)
	v.Set("op", "add")
	apptest.Expect(t, b.Post(host, fpath, v), http.StatusSeeOther)
	_, secs = draftOf(t, h, site.ID, about.ID)
	feat = secs[1]
	if len(feat.Blocks) != n+1 || feat.Blocks[0].Get("title") != "Point 1" || feat.Get("heading") != "Why us" {
		t.Fatalf("after adding a block: %d blocks, %+v", len(feat.Blocks), feat.Blocks)
	}
	titles = append(titles, "Point new")
	v = form(titles...)
	v.Set("op", "duplicate:0")
	apptest.Expect(t, b.Post(host, fpath, v), http.StatusSeeOther)
	_, secs = draftOf(t, h, site.ID, about.ID)
	feat = secs[1]
	if len(feat.Blocks) != n+2 || feat.Blocks[1].Get("title") != "Point 1" || feat.Blocks[1].ID == feat.Blocks[0].ID {
		t.Fatalf("after duplicating a block: %+v", feat.Blocks)
	}
	titles = []string{"A", "B"}
	for i := 2; i < len(feat.Blocks); i++ {
		titles = append(titles, fmt.Sprintf("C%d", i))
	}
	v = form(titles...)
	v.Set("op", "down:0")
	apptest.Expect(t, b.Post(host, fpath, v), http.StatusSeeOther)
	_, secs = draftOf(t, h, site.ID, about.ID)
	feat = secs[1]
	if feat.Blocks[0].Get("title") != "B" || feat.Blocks[1].Get("title") != "A" {
		t.Fatalf("after moving a block down: %+v", feat.Blocks)
	}
	titles[0], titles[1] = "B", "A"
	v = form(titles...)
	for i, bl := range feat.Blocks {
		v.Set(fmt.Sprintf("b.%d.id", i), bl.ID)
	}
	v.Set("op", "remove:0")
	apptest.Expect(t, b.Post(host, fpath, v), http.StatusSeeOther)
	_, secs = draftOf(t, h, site.ID, about.ID)
	if len(secs[1].Blocks) != len(feat.Blocks)-1 || secs[1].Blocks[0].Get("title") != "A" {
		t.Fatalf("after removing a block: %+v", secs[1].Blocks)
	}
	// A block button with an invalid field keeps everything typed.
	v = form(titles[1:]...)
	v.Set("s.heading", strings.Repeat("x", 200))
	v.Set("op", "add")
	apptest.Expect(t, b.Post(host, fpath, v), http.StatusUnprocessableEntity, "Must be at most 160 characters", strings.Repeat("x", 200))

	// The autosave of editor.js gets 204, or 422 with the reason.
	auto := func(v url.Values) apptest.Response {
		req, _ := http.NewRequest(http.MethodPost, "http://"+host+hero, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Editor", "autosave")
		req.Header.Set("Origin", "http://"+host)
		return b.Send(req)
	}
	apptest.Expect(t, auto(url.Values{"s.heading": {"Typed live"}, "s.alignment": {"left"}}), http.StatusNoContent)
	apptest.Expect(t, auto(url.Values{"s.heading": {""}}), http.StatusUnprocessableEntity, "Heading is required.")
	apptest.Expect(t, b.Get(host, base+"/preview"), http.StatusOK, "Typed live")

	// Reorder at once (drag and drop).
	_, secs = draftOf(t, h, site.ID, about.ID)
	ids := make([]string, len(secs))
	for i := range secs {
		ids[len(secs)-1-i] = secs[i].ID
	}
	apptest.Expect(t, b.Post(host, base+"/order", url.Values{"order": {strings.Join(ids, ",")}}), http.StatusSeeOther)
	if _, got := draftOf(t, h, site.ID, about.ID); got[0].ID != secs[len(secs)-1].ID {
		t.Fatal("reorder did not apply")
	}
	apptest.Expect(t, b.Post(host, base+"/order", url.Values{"order": {"nonsense"}}), http.StatusBadRequest)

	// Publish: live now, with a version in the history; then restore.
	res = b.Post(host, base+"/publish", nil)
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "Published.")
	apptest.Expect(t, b.Get(host, "/about"), http.StatusOK, "Typed live")
	hist := b.Get(host, base+"/history")
	apptest.Expect(t, hist, http.StatusOK, "anna@example.com", "Live now", "Restore")
	vs, _ := h.App.Pages.Versions(ctx, site.ID, about.ID)
	if len(vs) != 2 {
		t.Fatalf("%d versions", len(vs))
	}
	restore := fmt.Sprintf("%s/history/%d/restore", base, vs[1].ID)
	apptest.Expect(t, b.Post(host, restore, nil), http.StatusOK, "Restore this version")
	apptest.Expect(t, b.Post(host, restore, url.Values{"confirmed": {"1"}}), http.StatusSeeOther)
	if live := b.Get(host, "/about").Body; strings.Contains(live, "Typed live") {
		t.Fatal("restore did not bring the old page back")
	}

	// Discard asks first and drops the draft.
	apptest.Expect(t, b.Post(host, hero, url.Values{"s.heading": {"Again"}}), http.StatusNotFound) // the hero is gone after restore
	apptest.Expect(t, b.Post(host, base+"/sections", url.Values{"type": {"cta"}}), http.StatusSeeOther)
	apptest.Expect(t, b.Post(host, base+"/discard", nil), http.StatusOK, "Discard the draft")
	apptest.Expect(t, b.Post(host, base+"/discard", url.Values{"confirmed": {"1"}}), http.StatusSeeOther)
	if p, _ := draftOf(t, h, site.ID, about.ID); p.Draft != nil {
		t.Fatal("draft still there")
	}

	// Schedule: refused without a draft, then set in the site's time zone.
	res = b.Post(host, base+"/schedule", url.Values{"publish_at": {"2099-01-02T09:30"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "There are no changes to publish")
	apptest.Expect(t, b.Post(host, base+"/sections", url.Values{"type": {"cta"}}), http.StatusSeeOther)
	res = b.Post(host, base+"/schedule", url.Values{"publish_at": {"2099-01-02T09:30"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "The draft will be published on 2 Jan 2099 at 09:30")
	apptest.Expect(t, b.Get(host, base), http.StatusOK, "Publishes by itself on 2 Jan 2099 at 09:30", `value="2099-01-02T09:30"`)
	res = b.Post(host, base+"/schedule", url.Values{"cancel": {"1"}})
	apptest.Expect(t, b.Follow(host, res), http.StatusOK, "cancelled")
}

// TestPageEditorAcrossSites: an editor of site A can neither see, preview,
// change, publish nor restore anything of site B.
func TestPageEditorAcrossSites(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	a, anna := h.NewSite("site-a", "anna@example.com")
	bSite, bob := h.NewSite("site-b", "bob@example.com")
	hostA, hostB := h.SiteHost(a.Name), h.SiteHost(bSite.Name)
	theirs, err := h.App.Pages.BySlug(ctx, bSite.ID, "about")
	if err != nil {
		t.Fatal(err)
	}
	_, secs := draftOf(t, h, bSite.ID, theirs.ID)
	bb := h.Login(hostB, bob.Email)
	apptest.Expect(t, bb.Post(hostB, fmt.Sprintf("/admin/pages/%d/sections", theirs.ID), url.Values{"type": {"cta"}}), http.StatusSeeOther)
	vs, _ := h.App.Pages.Versions(ctx, bSite.ID, theirs.ID)
	base := fmt.Sprintf("/admin/pages/%d", theirs.ID)
	sec := base + "/sections/" + secs[0].ID
	ba := h.Login(hostA, anna.Email)
	for _, c := range []struct{ method, path string }{
		{"GET", base}, {"GET", base + "/preview"}, {"GET", base + "/history"}, {"GET", base + "/add"}, {"GET", sec},
		{"POST", sec}, {"POST", sec + "/remove"}, {"POST", sec + "/up"}, {"POST", base + "/sections"}, {"POST", base + "/order"},
		{"POST", base + "/publish"}, {"POST", base + "/discard"}, {"POST", base + "/schedule"},
		{"POST", fmt.Sprintf("%s/history/%d/restore", base, vs[0].ID)},
	} {
		res := ba.Do(c.method, hostA, c.path, url.Values{"type": {"cta"}, "confirmed": {"1"}, "s.heading": {"x"}})
		if res.Status != http.StatusNotFound {
			t.Errorf("%s %s on site A for B's page: %d", c.method, c.path, res.Status)
		}
	}
	if p, _ := draftOf(t, h, bSite.ID, theirs.ID); p.Draft == nil || len(p.Sections) == 0 {
		t.Fatal("B's page changed")
	}
	// B's picture chosen by its ID on A's page shows nothing and is not
	// recorded as used by A; A's own picture is.
	upB, err := h.App.Media.Upload(ctx, bSite.ID, bSite.Entitlements(), "b.svg", strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`))
	if err != nil {
		t.Fatal(err)
	}
	upA, err := h.App.Media.Upload(ctx, a.ID, a.Entitlements(), "a.svg", strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12"/>`))
	if err != nil {
		t.Fatal(err)
	}
	mine, _ := h.App.Pages.BySlug(ctx, a.ID, "about")
	apptest.Expect(t, ba.Post(hostA, fmt.Sprintf("/admin/pages/%d/sections", mine.ID), url.Values{"type": {"gallery"}, "at": {"0"}}), http.StatusSeeOther)
	_, secsA := draftOf(t, h, a.ID, mine.ID)
	gal := secsA[0]
	v := url.Values{"blocks": {"2"}, "b.0.image": {fmt.Sprint(upB.Media.ID)}, "b.1.image": {fmt.Sprint(upA.Media.ID)}}
	if len(gal.Blocks) >= 2 {
		v.Set("b.0.id", gal.Blocks[0].ID)
		v.Set("b.1.id", gal.Blocks[1].ID)
	}
	apptest.Expect(t, ba.Post(hostA, fmt.Sprintf("/admin/pages/%d/sections/%s", mine.ID, gal.ID), v), http.StatusSeeOther)
	pv := ba.Get(hostA, fmt.Sprintf("/admin/pages/%d/preview", mine.ID))
	if strings.Contains(pv.Body, fmt.Sprintf("/media/%d/", upB.Media.ID)) || !strings.Contains(pv.Body, fmt.Sprintf("/media/%d/", upA.Media.ID)) {
		t.Errorf("preview pictures wrong:\n%s", apptest.Excerpt(pv.Body))
	}
	if uses, _ := h.App.Media.Uses(ctx, a.ID, upA.Media.ID); len(uses) != 1 || uses[0].OwnerKind != "page" || uses[0].OwnerID != mine.ID {
		t.Errorf("A's picture uses: %+v", uses)
	}
	if uses, _ := h.App.Media.Uses(ctx, bSite.ID, upB.Media.ID); len(uses) != 0 {
		t.Errorf("B's picture recorded as used: %+v", uses)
	}
	if vs2, _ := h.App.Pages.Versions(ctx, bSite.ID, theirs.ID); len(vs2) != len(vs) {
		t.Fatal("B's page was published from A")
	}
}
