package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// The type comes from the content, never the name: each row is a file as
// a person might upload it and what the library makes of it.
func TestUploadRecognisesContent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, dir := testStore(t, db)
		site := newSite(t, db, "bakery")
		png1 := pngBytes(t, picture(300, 200, 1, false))
		tests := []struct {
			name, file string
			content    []byte
			wantType   string
			wantW      int
			wantH      int
			wantErr    string
		}{
			{name: "PNG named .jpg is a PNG", file: "photo.jpg", content: png1, wantType: PNG, wantW: 300, wantH: 200},
			{name: "JPEG", file: "croissant.JPG", content: jpegBytes(t, picture(120, 90, 2, false)), wantType: JPEG, wantW: 120, wantH: 90},
			{name: "GIF", file: "anim.gif", content: gifBytes(t, 2), wantType: GIF, wantW: 400, wantH: 200},
			{name: "WebP", file: "dot.webp", content: webpLossless(t), wantType: WebP, wantW: 1, wantH: 1},
			{name: "turned phone photo has its shown size", file: "portrait.jpg",
				content: withOrientation(jpegBytes(t, picture(400, 200, 3, false)), 6), wantType: JPEG, wantW: 200, wantH: 400},
			{name: "SVG", file: "logo.svg", content: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32"><rect width="64" height="32" fill="#c33"/></svg>`),
				wantType: SVG, wantW: 64, wantH: 32},
			{name: "HTML named .png", file: "evil.png", content: []byte("<!doctype html><html><body><script>alert(1)</script></body></html>"),
				wantErr: "“evil.png” is not a picture we can use. Upload a JPEG, PNG, WebP, GIF or SVG image."},
			{name: "text", file: "notes.txt", content: []byte("shopping list"),
				wantErr: "“notes.txt” is not a picture we can use. Upload a JPEG, PNG, WebP, GIF or SVG image."},
			{name: "PNG cut short", file: "half.png", content: png1[:len(png1)/2],
				wantErr: "“half.png” looks like a PNG image but cannot be read: it may be damaged or cut short. Save it again and upload it."},
			{name: "empty", file: "nothing.jpg", content: nil, wantErr: "“nothing.jpg” is empty. Choose the picture again."},
			{name: "folders are not part of the name", file: `C:\Users\anna\..\bomb.svg`, content: []byte("<svg"),
				wantErr: "“bomb.svg” is not a picture we can use. Upload a JPEG, PNG, WebP, GIF or SVG image."},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := len(storedFiles(t, dir))
				up, err := s.Upload(ctx, site, business, tt.file, bytes.NewReader(tt.content))
				if tt.wantErr != "" {
					fields, ok := fault.AsInvalid(err)
					if !ok || fields["file"] != tt.wantErr {
						t.Fatalf("err = %v, want %q", err, tt.wantErr)
					}
					if n := len(storedFiles(t, dir)); n != before {
						t.Fatalf("a refused upload left files: %v", storedFiles(t, dir))
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.Get(ctx, site, up.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.ContentType != tt.wantType || got.Width != tt.wantW || got.Height != tt.wantH || got.Filename != tt.file {
					t.Fatalf("stored %+v, want %s %d×%d named %s", got, tt.wantType, tt.wantW, tt.wantH, tt.file)
				}
				_, c, err := s.Original(ctx, site, up.ID)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				if c.ContentType != tt.wantType || c.Size != got.Bytes {
					t.Fatalf("original: %s %d bytes, row says %d", c.ContentType, c.Size, got.Bytes)
				}
			})
		}
		if n := count(t, db, `SELECT COUNT(*) FROM media WHERE site_id = ?`, site); n != 6 {
			t.Fatalf("%d images stored, want 6", n)
		}
	})
}

// An SVG is kept only as cleaned: what could run is gone from the stored file.
func TestUploadCleansSVG(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := testStore(t, db)
		site := newSite(t, db, "bakery")
		dirty := `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" onload="alert(1)">
<script>alert(2)</script><circle cx="10" cy="10" r="5" onclick="alert(3)" fill="url(#g)"/>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
<image xlink:href="https://tracker.example/p.png"/><a href="javascript:alert(4)"><text>click</text></a>
<use xlink:href="#g"/><rect style="fill:url(https://x.example/a)" width="1" height="1"/></svg>`
		up, err := s.Upload(ctx, site, business, "logo.svg", strings.NewReader(dirty))
		if err != nil {
			t.Fatal(err)
		}
		_, c, err := s.Original(ctx, site, up.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		stored := string(b)
		for _, bad := range []string{"script", "alert", "onload", "onclick", "foreignObject", "tracker", "javascript", "x.example", "ENTITY", "<image", "<a"} {
			if strings.Contains(stored, bad) {
				t.Errorf("stored SVG has %q:\n%s", bad, stored)
			}
		}
		for _, good := range []string{`<circle cx="10" cy="10" r="5" fill="url(#g)">`, `<use href="#g">`} {
			if !strings.Contains(stored, good) {
				t.Errorf("stored SVG lacks %q:\n%s", good, stored)
			}
		}
		if up.Width != 100 || up.Height != 50 {
			t.Errorf("size %d×%d, want the viewBox's 100×50", up.Width, up.Height)
		}
	})
}

func TestUploadLimits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, dir := testStore(t, db)
		site := newSite(t, db, "bakery")

		// One file over the cap is refused before it is even read whole.
		huge := io.MultiReader(bytes.NewReader(pngBytes(t, picture(10, 10, 1, false))), io.LimitReader(zeros{}, MaxFileBytes))
		_, err := s.Upload(ctx, site, business, "poster.png", huge)
		if fields, _ := fault.AsInvalid(err); !strings.HasPrefix(fields["file"], "“poster.png” is larger than 20 MB, the most one file may be.") {
			t.Fatalf("huge file: %v", err)
		}

		// A plan of 1 MB: a 625 KB picture fits, a second does not.
		small := plans.MustGet(plans.Free)
		small.StorageMB = 1
		first := pngBytes(t, noise(400, 400, 1))
		if _, err := s.Upload(ctx, site, small, "one.png", bytes.NewReader(first)); err != nil {
			t.Fatal(err)
		}
		_, err = s.Upload(ctx, site, small, "two.png", bytes.NewReader(pngBytes(t, noise(400, 400, 2))))
		want := fmt.Sprintf("Your plan includes 1 MB of media; %s are used. Delete unused images or choose a bigger plan.", FormatSize(int64(len(first))))
		if fields, _ := fault.AsInvalid(err); fields["file"] != want {
			t.Fatalf("over quota: %v, want %q", err, want)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM media WHERE site_id = ?`, site); n != 1 {
			t.Fatalf("%d images, want 1", n)
		}
		if files := storedFiles(t, dir); len(files) != 1 {
			t.Fatalf("files after refusals: %v", files)
		}
		used, err := s.UsedBytes(ctx, site)
		if err != nil || used != int64(len(first)) {
			t.Fatalf("used %d, %v; want %d", used, err, len(first))
		}
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1: "1 byte", 1023: "1023 bytes", 1024: "1 KB", 340 << 10: "340 KB",
		1 << 20: "1 MB", 101921587: "97.2 MB", 10 << 30: "10 GB"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestUploadDedupes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, dir := testStore(t, db)
		a, b := newSite(t, db, "bakery"), newSite(t, db, "florist")
		pic := pngBytes(t, picture(50, 50, 9, false))
		first, err := s.Upload(ctx, a, business, "bread.png", bytes.NewReader(pic))
		if err != nil || first.Duplicate {
			t.Fatalf("first: %+v %v", first, err)
		}
		again, err := s.Upload(ctx, a, business, "bread-copy.png", bytes.NewReader(pic))
		if err != nil || !again.Duplicate || again.ID != first.ID || again.Filename != "bread.png" {
			t.Fatalf("again: %+v %v", again, err)
		}
		// Another site's library is its own, even for the same picture.
		other, err := s.Upload(ctx, b, business, "bread.png", bytes.NewReader(pic))
		if err != nil || other.Duplicate || other.ID == first.ID {
			t.Fatalf("other site: %+v %v", other, err)
		}
		if n := len(storedFiles(t, dir)); n != 2 {
			t.Fatalf("%d files, want 2", n)
		}
	})
}

// Site B can neither see nor touch site A's images by their IDs.
func TestCrossSite(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, dir := testStore(t, db)
		a, b := newSite(t, db, "bakery"), newSite(t, db, "florist")
		up, err := s.Upload(ctx, a, business, "bread.jpg", bytes.NewReader(jpegBytes(t, picture(700, 300, 1, false))))
		if err != nil {
			t.Fatal(err)
		}
		notFound := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: %v, want not found", what, err)
			}
		}
		_, err = s.Get(ctx, b, up.ID)
		notFound("get", err)
		_, _, err = s.Original(ctx, b, up.ID)
		notFound("original", err)
		_, _, err = s.Variant(ctx, b, up.ID, 320)
		notFound("variant", err)
		notFound("set alt", s.SetAlt(ctx, b, up.ID, "mine now"))
		notFound("delete", s.Delete(ctx, b, up.ID, true))
		err = db.InTx(ctx, func(tx *sqldb.Tx) error { return s.SetUsesTx(ctx, tx, b, "product", 1, []int64{up.ID}) })
		if fields, _ := fault.AsInvalid(err); fields["media"] == "" {
			t.Errorf("use of another site's image: %v", err)
		}
		list, err := s.List(ctx, b, ListOptions{})
		if err != nil || list.Total != 0 {
			t.Errorf("site B's list: %+v %v", list, err)
		}
		if got, err := s.Get(ctx, a, up.ID); err != nil || got.Alt != "" || got.Uses != 0 {
			t.Errorf("site A's image after B's attempts: %+v %v", got, err)
		}
		if n := len(storedFiles(t, dir)); n != 1 {
			t.Errorf("files: %v", storedFiles(t, dir))
		}
	})
}

func TestUsesAndDelete(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, dir := testStore(t, db)
		site := newSite(t, db, "bakery")
		one, _ := s.Upload(ctx, site, business, "one.png", bytes.NewReader(pngBytes(t, picture(400, 300, 1, false))))
		two, _ := s.Upload(ctx, site, business, "two.png", bytes.NewReader(pngBytes(t, picture(40, 30, 2, false))))
		setUses := func(kind string, owner int64, ids ...int64) {
			t.Helper()
			if err := db.InTx(ctx, func(tx *sqldb.Tx) error { return s.SetUsesTx(ctx, tx, site, kind, owner, ids) }); err != nil {
				t.Fatal(err)
			}
		}
		setUses("product", 7, one.ID, two.ID, one.ID)
		setUses("page", 3, one.ID)
		if m, _ := s.Get(ctx, site, one.ID); m.Uses != 2 {
			t.Fatalf("uses of one: %d, want 2", m.Uses)
		}
		// Saving the product again with one image replaces its uses.
		setUses("product", 7, two.ID)
		uses, err := s.Uses(ctx, site, one.ID)
		if err != nil || len(uses) != 1 || uses[0] != (Use{MediaID: one.ID, OwnerKind: "page", OwnerID: 3}) {
			t.Fatalf("uses of one: %+v %v", uses, err)
		}
		unused, _ := s.List(ctx, site, ListOptions{Unused: true})
		if unused.Total != 0 {
			t.Fatalf("unused: %+v", unused)
		}

		// In use: refused, saying where; forced: gone with its files and uses.
		if _, _, err := s.Variant(ctx, site, one.ID, 160); err != nil {
			t.Fatal(err)
		}
		err = s.Delete(ctx, site, one.ID, false)
		var inUse *InUseError
		if !errors.As(err, &inUse) || len(inUse.Uses) != 1 || !errors.Is(err, fault.ErrConflict) {
			t.Fatalf("delete in use: %v", err)
		}
		if err := s.Delete(ctx, site, one.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, site, one.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("after delete: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM media_uses WHERE site_id = ? AND media_id = ?`, site, one.ID); n != 0 {
			t.Fatalf("%d uses left", n)
		}
		if files := storedFiles(t, dir); len(files) != 1 {
			t.Fatalf("files after delete: %v (want only two's original)", files)
		}
		// Clearing the product's uses frees the other image.
		setUses("product", 7)
		if err := s.Delete(ctx, site, two.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, site, two.ID, false); !errors.Is(err, ErrNotFound) {
			t.Fatalf("second delete: %v", err)
		}
	})
}

func TestListSearchAndPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := testStore(t, db)
		site := newSite(t, db, "bakery")
		var ids []int64
		for i, name := range []string{"Croissant.png", "rye-bread.png", "100%_butter.png", "shop-front.png", "logo.png"} {
			up, err := s.Upload(ctx, site, business, name, bytes.NewReader(pngBytes(t, picture(20, 20, i, false))))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, up.ID)
		}
		if err := s.SetAlt(ctx, site, ids[3], "  Our  shop on Market Street "); err != nil {
			t.Fatal(err)
		}
		if m, _ := s.Get(ctx, site, ids[3]); m.Alt != "Our shop on Market Street" {
			t.Fatalf("alt %q", m.Alt)
		}
		names := func(l List) string {
			var n []string
			for _, m := range l.Items {
				n = append(n, m.Filename)
			}
			return strings.Join(n, " ")
		}
		tests := []struct {
			opts      ListOptions
			want      string
			wantTotal int
			wantPages int
		}{
			{ListOptions{PerPage: 2}, "logo.png shop-front.png", 5, 3},
			{ListOptions{PerPage: 2, Page: 3}, "Croissant.png", 5, 3},
			{ListOptions{PerPage: 2, Page: 9}, "Croissant.png", 5, 3},
			{ListOptions{Query: "CROIS"}, "Croissant.png", 1, 1},
			{ListOptions{Query: "market street"}, "shop-front.png", 1, 1},
			{ListOptions{Query: "100%"}, "100%_butter.png", 1, 1},
			{ListOptions{Query: "_"}, "100%_butter.png", 1, 1},
			{ListOptions{Query: "nothing like it"}, "", 0, 1},
			{ListOptions{Unused: true, Query: "bread"}, "rye-bread.png", 1, 1},
		}
		for _, tt := range tests {
			got, err := s.List(ctx, site, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if names(got) != tt.want || got.Total != tt.wantTotal || got.Pages != tt.wantPages {
				t.Errorf("%+v: %q total %d pages %d; want %q %d %d", tt.opts, names(got), got.Total, got.Pages, tt.want, tt.wantTotal, tt.wantPages)
			}
		}
		if err := s.SetAlt(ctx, site, ids[0], strings.Repeat("a", 501)); err == nil {
			t.Error("a 501-character alt text was accepted")
		}
	})
}
