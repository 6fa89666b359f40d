package operator_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/support"
)

func TestOutbox(t *testing.T) {
	h := newPlatform(t)
	host := h.PlatformHost()
	op := h.LoginOperator(opEmail)
	apptest.Expect(t, op.Get(host, "/operator/outbox"), http.StatusOK, "No e-mail yet", "PAGECART_SMTP_URL")

	// Put a kept message in as the mail worker leaves one (no job is queued
	// for it, so the running queue leaves it alone).
	id := sqldb.NewID()
	text := "Hello,\n\nreset your password: http://localhost:8080/reset?token=abc&x=1.\n<b>not bold</b>\n"
	_, err := h.App.DB.Exec(context.Background(), `INSERT INTO mail_messages (id, to_addr, subject, body_text, status, created_at, sent_at)
		VALUES (?, ?, ?, ?, 'kept', ?, ?)`, id, "anna@example.com", "Reset your Pagecart password", text, sqldb.Millis(time.Now()), sqldb.Millis(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "list", Host: host, Path: "/operator/outbox", As: op, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Showing 1–1 of 1", "anna@example.com", "Reset your Pagecart password",
				fmt.Sprintf(`href="/operator/outbox/%d"`, id), `class="badge">kept`}},
		// The text as sent, its link clickable, nothing in it taken for HTML.
		{Name: "message", Host: host, Path: fmt.Sprintf("/operator/outbox/%d", id), As: op, ExpectStatus: http.StatusOK,
			ExpectContains: []string{"<pre>Hello,\n\nreset your password: " +
				`<a href="http://localhost:8080/reset?token=abc&amp;x=1" rel="noopener noreferrer">http://localhost:8080/reset?token=abc&amp;x=1</a>.` +
				"\n&lt;b&gt;not bold&lt;/b&gt;\n</pre>"},
			ExpectNotContains: []string{"<b>not bold</b>"}},
		{Name: "unknown message", Host: host, Path: "/operator/outbox/42", As: op, ExpectStatus: http.StatusNotFound},
		{Name: "not a message ID", Host: host, Path: "/operator/outbox/nope", As: op, ExpectStatus: http.StatusNotFound},
	})
}

func TestInbox(t *testing.T) {
	h := newPlatform(t)
	host := h.PlatformHost()
	op := h.LoginOperator(opEmail)
	apptest.Expect(t, op.Get(host, "/operator/inbox"), http.StatusOK, "No questions yet")

	ctx := context.Background()
	old, err := h.App.Support.Ask(ctx, support.Question{CategorySlug: "plans", ArticleSlug: "trial", Name: "Old",
		Email: "old@example.com", Message: "Answered already"})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.App.Support.MarkHandled(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	q, err := h.App.Support.Ask(ctx, support.Question{CategorySlug: "domains", ArticleSlug: "own-domain", Name: "Anna",
		Email: "anna@example.com", Message: "How do I point\nmy domain here?"})
	if err != nil {
		t.Fatal(err)
	}
	res := op.Get(host, "/operator/inbox")
	apptest.Expect(t, res, http.StatusOK, "Anna", "anna@example.com", "How do I point my domain here?",
		`href="http://localhost:8080/help/domains/own-domain"`)
	if strings.Index(res.Body, "Anna") > strings.Index(res.Body, "Old") {
		t.Error("the handled question comes before the open one")
	}

	path := fmt.Sprintf("/operator/inbox/%d", q.ID)
	apptest.Expect(t, op.Get(host, path), http.StatusOK, "How do I point<br>my domain here?", "mailto:anna@example.com", "Mark as handled", "open")
	res = op.Post(host, path+"/handled", url.Values{})
	if res.Status != http.StatusSeeOther || res.Location != "/operator/inbox" {
		t.Fatalf("mark handled: %d to %q", res.Status, res.Location)
	}
	if got, _ := h.App.Support.Question(ctx, q.ID); got.HandledAt.IsZero() {
		t.Error("not marked handled")
	}
	apptest.Run(t, h, []apptest.Scenario{
		{Name: "a handled question", Host: host, Path: path, As: op, ExpectStatus: http.StatusOK,
			ExpectNotContains: []string{"Mark as handled"}},
		{Name: "unknown question", Method: http.MethodPost, Host: host, Path: "/operator/inbox/42/handled", Form: url.Values{},
			As: op, ExpectStatus: http.StatusNotFound},
	})
}
