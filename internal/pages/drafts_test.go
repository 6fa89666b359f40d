package pages_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func account(t *testing.T, db *sqldb.DB, email string) int64 {
	t.Helper()
	id := sqldb.NewID()
	if _, err := db.Exec(context.Background(), `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)`, id, email); err != nil {
		t.Fatal(err)
	}
	return id
}

func contentVersion(t *testing.T, db *sqldb.DB, site int64) int64 {
	t.Helper()
	var v int64
	if err := db.QueryRow(context.Background(), `SELECT content_version FROM sites WHERE id = ?`, site).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// draftJSON is a page of one rich-text section with the given text.
func draftJSON(text string) []byte {
	return []byte(`[{"id":"0123456789abcdef0123456789abcdef","type":"richtext","settings":{"text":"<p>` + text + `</p>"}}]`)
}

func TestDraftPublishRestore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := pages.NewStore(db)
		a := site(t, db, "aaa")
		anna := account(t, db, "anna@example.com")
		p, err := st.Create(ctx, a, plans.MustGet(plans.Business), pages.Input{Slug: "about", Title: "About", Body: "<p>First words</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(p.Sections), "First words") {
			t.Fatalf("created page's sections = %s", p.Sections)
		}
		before := contentVersion(t, db, a)

		// A draft does not change the live page or the cache version.
		if err := st.SaveDraft(ctx, a, p.ID, anna, draftJSON("Second words")); err != nil {
			t.Fatal(err)
		}
		got, _ := st.ByID(ctx, a, p.ID)
		if strings.Contains(string(got.Sections), "Second") || !strings.Contains(string(got.Draft), "Second words") {
			t.Fatalf("after draft: live %s, draft %s", got.Sections, got.Draft)
		}
		if contentVersion(t, db, a) != before {
			t.Fatal("saving a draft moved the content version")
		}
		if !strings.Contains(string(got.Editing()), "Second") {
			t.Fatal("the editor does not show the draft")
		}

		// Publish: live, a version by Anna, the cache version moves.
		v, err := st.Publish(ctx, a, p.ID, anna)
		if err != nil {
			t.Fatal(err)
		}
		got, _ = st.ByID(ctx, a, p.ID)
		if !strings.Contains(string(got.Sections), "Second words") || got.Draft != nil {
			t.Fatalf("after publish: live %s, draft %s", got.Sections, got.Draft)
		}
		if contentVersion(t, db, a) == before {
			t.Fatal("publish left the content version")
		}
		if _, err := st.Publish(ctx, a, p.ID, anna); !errors.Is(err, pages.ErrNoDraft) {
			t.Fatalf("publish without a draft: %v", err)
		}
		vs, err := st.Versions(ctx, a, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 2 || vs[0].ID != v.ID || vs[0].PublishedByEmail != "anna@example.com" || vs[1].PublishedBy != 0 {
			t.Fatalf("versions = %+v", vs)
		}

		// Discard drops the draft only.
		if err := st.SaveDraft(ctx, a, p.ID, anna, draftJSON("Third")); err != nil {
			t.Fatal(err)
		}
		if err := st.DiscardDraft(ctx, a, p.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = st.ByID(ctx, a, p.ID)
		if got.Draft != nil || !strings.Contains(string(got.Sections), "Second") {
			t.Fatalf("after discard: live %s, draft %s", got.Sections, got.Draft)
		}

		// Restore the first version: live again at once, as a new version.
		cv := contentVersion(t, db, a)
		if _, err := st.Restore(ctx, a, p.ID, vs[1].ID, anna); err != nil {
			t.Fatal(err)
		}
		got, _ = st.ByID(ctx, a, p.ID)
		if !strings.Contains(string(got.Sections), "First words") {
			t.Fatalf("after restore: %s", got.Sections)
		}
		if contentVersion(t, db, a) == cv {
			t.Fatal("restore left the content version")
		}
		if vs, _ := st.Versions(ctx, a, p.ID); len(vs) != 3 {
			t.Fatalf("versions after restore = %d", len(vs))
		}

		// Site B sees none of it and can change none of it.
		b := site(t, db, "bbb")
		for name, err := range map[string]error{
			"draft":    st.SaveDraft(ctx, b, p.ID, anna, draftJSON("x")),
			"discard":  st.DiscardDraft(ctx, b, p.ID),
			"cancel":   st.CancelSchedule(ctx, b, p.ID),
			"schedule": st.SchedulePublish(ctx, b, p.ID, anna, time.Now().Add(time.Hour)),
		} {
			if !errors.Is(err, pages.ErrNotFound) {
				t.Errorf("%s on site B: %v", name, err)
			}
		}
		if _, err := st.Publish(ctx, b, p.ID, anna); !errors.Is(err, pages.ErrNotFound) {
			t.Errorf("publish on site B: %v", err)
		}
		if _, err := st.Restore(ctx, b, p.ID, vs[1].ID, anna); !errors.Is(err, pages.ErrNotFound) {
			t.Errorf("restore on site B: %v", err)
		}
		if vs, _ := st.Versions(ctx, b, p.ID); len(vs) != 0 {
			t.Errorf("site B sees %d versions", len(vs))
		}

		// Invalid JSON is refused, the draft unchanged.
		if err := st.SaveDraft(ctx, a, p.ID, anna, []byte(`{not json`)); err == nil {
			t.Error("invalid draft saved")
		}
	})
}

func TestSchedulePublish(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := pages.NewStore(db)
		a := site(t, db, "aaa")
		anna := account(t, db, "anna@example.com")
		p, err := st.Create(ctx, a, plans.MustGet(plans.Business), pages.Input{Slug: "news", Title: "News", Body: "<p>Old</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SchedulePublish(ctx, a, p.ID, anna, time.Now().Add(time.Hour)); !errors.Is(err, pages.ErrNoDraft) {
			t.Fatalf("schedule without draft: %v", err)
		}
		if err := st.SaveDraft(ctx, a, p.ID, anna, draftJSON("New")); err != nil {
			t.Fatal(err)
		}
		if err := st.SchedulePublish(ctx, a, p.ID, anna, time.Now().Add(-time.Minute)); err == nil {
			t.Fatal("scheduled in the past")
		}
		at := time.Now().Add(time.Hour)
		if err := st.SchedulePublish(ctx, a, p.ID, anna, at); err != nil {
			t.Fatal(err)
		}
		// Not due yet.
		if n, err := st.PublishDue(ctx); err != nil || n != 0 {
			t.Fatalf("publish due early = %d, %v", n, err)
		}
		// Cancelled: stays a draft even when the time comes.
		if err := st.CancelSchedule(ctx, a, p.ID); err != nil {
			t.Fatal(err)
		}
		st.SetClock(func() time.Time { return at.Add(time.Minute) })
		if n, _ := st.PublishDue(ctx); n != 0 {
			t.Fatal("a cancelled schedule published")
		}
		st.SetClock(time.Now)
		if err := st.SchedulePublish(ctx, a, p.ID, anna, at); err != nil {
			t.Fatal(err)
		}
		got, _ := st.ByID(ctx, a, p.ID)
		if got.PublishAt.UnixMilli() != at.UnixMilli() {
			t.Fatalf("publish at = %v, want %v", got.PublishAt, at)
		}
		st.SetClock(func() time.Time { return at.Add(time.Minute) })
		if n, err := st.PublishDue(ctx); err != nil || n != 1 {
			t.Fatalf("publish due = %d, %v", n, err)
		}
		got, _ = st.ByID(ctx, a, p.ID)
		if !strings.Contains(string(got.Sections), "New") || got.Draft != nil || !got.PublishAt.IsZero() {
			t.Fatalf("after due publish: %s draft %s at %v", got.Sections, got.Draft, got.PublishAt)
		}
		vs, _ := st.Versions(ctx, a, p.ID)
		if len(vs) != 2 || vs[0].PublishedBy != anna {
			t.Fatalf("versions = %+v", vs)
		}
	})
}

func TestConcurrentPublish(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := pages.NewStore(db)
		a := site(t, db, "aaa")
		anna := account(t, db, "anna@example.com")
		p, err := st.Create(ctx, a, plans.MustGet(plans.Business), pages.Input{Slug: "x", Title: "X", Body: "<p>x</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SaveDraft(ctx, a, p.ID, anna, draftJSON("y")); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = st.Publish(ctx, a, p.ID, anna)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, pages.ErrNoDraft):
				t.Errorf("publish: %v", err)
			}
		}
		vs, _ := st.Versions(ctx, a, p.ID)
		if ok != 1 || len(vs) != 2 {
			t.Fatalf("%d publishes succeeded, %d versions; want 1 and 2", ok, len(vs))
		}
	})
}

func TestPageHTMLFollowsPublish(t *testing.T) {
	db := sqldbtest.SQLite(t)
	ctx := context.Background()
	st := pages.NewStore(db)
	a := site(t, db, "aaa")
	p, err := st.Create(ctx, a, plans.MustGet(plans.Business), pages.Input{Slug: "x", Title: "X", Body: "<h2>Old</h2><p>Words &amp; more</p>"})
	if err != nil {
		t.Fatal(err)
	}
	if h := string(p.HTML()); !strings.Contains(h, "Old") || !strings.Contains(h, "Words &amp; more") {
		t.Fatalf("HTML of a created page: %s", h)
	}
	if err := st.SaveDraft(ctx, a, p.ID, 0, []byte(`[{"id":"0123456789abcdef0123456789abcdef","type":"hero","settings":{"heading":"New <b>day</b>","primary_label":"Go","primary_link":"/menu"}}]`)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, a, p.ID, 0); err != nil {
		t.Fatal(err)
	}
	p, _ = st.ByID(ctx, a, p.ID)
	if h := string(p.HTML()); !strings.Contains(h, "<h2>New &lt;b&gt;day&lt;/b&gt;</h2>") || !strings.Contains(h, `<a href="/menu">Go</a>`) || strings.Contains(h, "Old") {
		t.Fatalf("HTML after publish: %s", h)
	}
}
