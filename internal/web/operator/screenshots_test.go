package operator_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/internal/web/session"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// TestScreenshots saves the console's main pages, at desktop and phone
// width, to the directory in PAGECART_OPERATOR_SCREENSHOTS, for a person
// to look at. It needs /usr/bin/chromium.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("PAGECART_OPERATOR_SCREENSHOTS")
	if dir == "" {
		t.Skip("PAGECART_OPERATOR_SCREENSHOTS is not set: no screenshots taken")
	}
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Skip("no /usr/bin/chromium")
	}
	h := newPlatform(t)
	op := h.LoginOperator(opEmail)
	ctx := context.Background()
	var anna int64
	for i := range 57 {
		s := site(t, h, fmt.Sprintf("shop-%02d", i), fmt.Sprintf("Corner shop number %d", i))
		switch i % 7 {
		case 1:
			_ = h.App.Sites.SetPlan(ctx, s.ID, plans.Starter)
		case 2:
			_ = h.App.Sites.Suspend(ctx, s.ID, "Spam")
		case 3:
			_ = h.App.Sites.SetMaintenance(ctx, s.ID, 600)
		case 4:
			_ = h.App.Sites.RequestPlan(ctx, s.ID, plans.Premium)
		}
		anna = s.ID
	}
	_ = h.App.Sites.RequestPlan(ctx, anna, plans.Business)
	for i := range 3 {
		_, _ = h.App.DB.Exec(ctx, `INSERT INTO mail_messages (id, to_addr, subject, body_text, status, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			sqldb.NewID(), fmt.Sprintf("person%d@example.com", i), "Reset your Pagecart password",
			"Hello,\n\nSomeone asked to reset the password of your Pagecart account. Open this link within an hour:\n\nhttp://localhost:8080/reset?token=8f3a0c2d9b7e4f6a1c3e5d7b9a0f2e4c6d8b0a1c3e5f7d9b\n\nIf it was not you, ignore this message.\n",
			[]string{"kept", "queued", "failed"}[i], sqldb.Millis(time.Now()))
	}
	q, _ := h.App.Support.Ask(ctx, support.Question{CategorySlug: "domains", ArticleSlug: "own-domain", Name: "Anna Baker",
		Email: "anna@example.com", Message: "Hello! I bought annasbakery.com elsewhere. Which DNS records do I need to point it at my Pagecart site, and how long does it take?"})
	cookie, _ := op.Cookie(h.PlatformHost(), session.OperatorCookie)

	// PAGECART_OPERATOR_SCREENSHOT_CSS names a file of proposed rules to
	// append to the shared stylesheet, to see a change before making it.
	extra, _ := os.ReadFile(os.Getenv("PAGECART_OPERATOR_SCREENSHOT_CSS"))
	// Chromium asks for localhost:PORT, the platform host on another port;
	// every page but the login is asked for as the logged-in operator.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/operator/login" {
			r.AddCookie(&http.Cookie{Name: session.OperatorCookie, Value: cookie})
		}
		if r.URL.Path == ui.StaticURL("app.css") && len(extra) > 0 {
			r.Header.Del("Accept-Encoding")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			w.Header().Set("Content-Type", "text/css")
			_, _ = w.Write(append(rec.Body.Bytes(), extra...))
			return
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	pages := map[string]string{
		"sites":       "/operator",
		"site":        sitePath(anna, ""),
		"outbox":      "/operator/outbox",
		"message":     "/operator/outbox",
		"inbox":       "/operator/inbox",
		"question":    fmt.Sprintf("/operator/inbox/%d", q.ID),
		"maintenance": "/operator/maintenance",
		"login":       "/operator/login",
	}
	if list, _, err := h.App.Mail.Outbox(ctx, 1, 0); err == nil && len(list) == 1 {
		pages["message"] = fmt.Sprintf("/operator/outbox/%d", list[0].ID)
	}
	for name, path := range pages {
		for _, width := range []int{1280, 390} {
			out := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width))
			apptest.Screenshot(t, "/usr/bin/chromium", "http://localhost:"+port+path, width, 1400, out)
		}
	}
}
