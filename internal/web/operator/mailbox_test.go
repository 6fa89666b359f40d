package operator_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/support"
)

func TestOutbox(t *testing.T) {
	a := newApp(t)
	cookie := a.login()
	_, body := a.get("/operator/outbox", cookie)
	mustContain(t, body, "No e-mail yet", "PAGECART_SMTP_URL")

	// The worker is not running here: put a kept message in as it leaves one.
	id := sqldb.NewID()
	text := "Hello,\n\nreset your password: http://localhost:8080/reset?token=abc&x=1.\n<b>not bold</b>\n"
	_, err := a.db.Exec(context.Background(), `INSERT INTO mail_messages (id, to_addr, subject, body_text, status, created_at, sent_at)
		VALUES (?, ?, ?, ?, 'kept', ?, ?)`, id, "anna@example.com", "Reset your Pagecart password", text, sqldb.Millis(time.Now()), sqldb.Millis(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	_, body = a.get("/operator/outbox", cookie)
	mustContain(t, body, "Showing 1–1 of 1", "anna@example.com", "Reset your Pagecart password",
		fmt.Sprintf(`href="/operator/outbox/%d"`, id), `class="badge">kept`)

	code, body := a.get(fmt.Sprintf("/operator/outbox/%d", id), cookie)
	if code != http.StatusOK {
		t.Fatalf("message: %d", code)
	}
	// The text as sent, its link clickable, nothing in it taken for HTML.
	mustContain(t, body, "<pre>Hello,\n\nreset your password: "+
		`<a href="http://localhost:8080/reset?token=abc&amp;x=1" rel="noopener noreferrer">http://localhost:8080/reset?token=abc&amp;x=1</a>.`+
		"\n&lt;b&gt;not bold&lt;/b&gt;\n</pre>")
	for _, path := range []string{"/operator/outbox/42", "/operator/outbox/nope"} {
		if code, _ := a.get(path, cookie); code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, code)
		}
	}
}

func TestInbox(t *testing.T) {
	a := newApp(t)
	cookie := a.login()
	_, body := a.get("/operator/inbox", cookie)
	mustContain(t, body, "No questions yet")

	ctx := context.Background()
	old, err := a.d.Support.Ask(ctx, support.Question{CategorySlug: "plans", ArticleSlug: "trial", Name: "Old",
		Email: "old@example.com", Message: "Answered already"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.d.Support.MarkHandled(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	q, err := a.d.Support.Ask(ctx, support.Question{CategorySlug: "domains", ArticleSlug: "own-domain", Name: "Anna",
		Email: "anna@example.com", Message: "How do I point\nmy domain here?"})
	if err != nil {
		t.Fatal(err)
	}
	_, body = a.get("/operator/inbox", cookie)
	mustContain(t, body, "Anna", "anna@example.com", "How do I point my domain here?",
		`href="http://localhost:8080/help/domains/own-domain"`)
	if strings.Index(body, "Anna") > strings.Index(body, "Old") {
		t.Error("the handled question comes before the open one")
	}

	path := fmt.Sprintf("/operator/inbox/%d", q.ID)
	_, body = a.get(path, cookie)
	mustContain(t, body, "How do I point<br>my domain here?", "mailto:anna@example.com", "Mark as handled", "open")
	code, to, _ := a.post(path+"/handled", url.Values{}, cookie)
	if code != http.StatusSeeOther || to != "/operator/inbox" {
		t.Fatalf("mark handled: %d to %q", code, to)
	}
	if got, _ := a.d.Support.Question(ctx, q.ID); got.HandledAt.IsZero() {
		t.Error("not marked handled")
	}
	_, body = a.get(path, cookie)
	if strings.Contains(body, "Mark as handled") {
		t.Error("a handled question still offers to be marked")
	}
	if code, _, _ := a.post("/operator/inbox/42/handled", url.Values{}, cookie); code != http.StatusNotFound {
		t.Errorf("unknown question: %d", code)
	}
}
