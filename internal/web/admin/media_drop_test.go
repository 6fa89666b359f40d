package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// media.js sends each dropped file on its own and asks for JSON: it gets
// the same sentences the page would show, with the page's statuses; a
// library nearly full says so above the upload, with the plans page.
func TestUploadAnswersMediaJS(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	site, owner := h.NewSite("dropper", "dropper@example.com")
	host := h.SiteHost(site.Name)
	b := h.Login(host, owner.Email)
	send := func(up upload) (int, map[string][]string) {
		t.Helper()
		req := uploadRequest(t, host, up)
		req.Header.Set("Accept", "application/json")
		res := b.Send(req)
		var out map[string][]string
		if err := json.Unmarshal([]byte(res.Body), &out); err != nil {
			t.Fatalf("%d, not JSON: %v\n%s", res.Status, err, apptest.Excerpt(res.Body))
		}
		if res.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("Content-Type %q", res.Header.Get("Content-Type"))
		}
		return res.Status, out
	}
	status, out := send(upload{"rye.png", testPNG(t, 300, 200, 5)})
	if status != http.StatusOK || len(out["added"]) != 1 || out["added"][0] != "“rye.png” added." || len(out["problems"]) != 0 {
		t.Errorf("a picture: %d %v", status, out)
	}
	status, out = send(upload{"menu.png", []byte("a text file with a picture's name")})
	if status != http.StatusUnprocessableEntity || len(out["problems"]) != 1 || len(out["added"]) != 0 {
		t.Errorf("a text file: %d %v", status, out)
	}
	if n := h.Count(`SELECT COUNT(*) FROM media WHERE site_id = ?`, site.ID); n != 1 {
		t.Errorf("%d images, want rye.png only", n)
	}

	// Nearly full: the bar and the sentence, with the way to more room.
	if err := h.App.Sites.SetPlan(ctx, site.ID, plans.Free); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.DB.Exec(ctx, `INSERT INTO media (site_id, id, filename, content_type, bytes, width, height, sha256, alt, created_at)
		VALUES (?, ?, 'archive.png', 'image/png', ?, 1, 1, 'y', '', 1)`, site.ID, sqldb.NewID(), int64(100_000_000)); err != nil {
		t.Fatal(err)
	}
	apptest.Expect(t, b.Get(host, "/admin/media"), http.StatusOK, "of 100 MB used", "<meter", "Your library is nearly full.",
		`<a href="/admin/plans">choose a bigger plan</a>`, `id="media-results"`, `class="media-progress"`)
}
