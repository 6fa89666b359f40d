package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestHelpCentreQuestionReachesTheInbox(t *testing.T) {
	app := newTestApp(t)
	for path, want := range map[string]int{
		"/help": 200, "/help?q=509": 200, "/help/api": 200, "/help/api/status-codes": 200,
		"/help/nope": 404, "/help/api/nope": 404, "/terms": 200, "/": 200,
	} {
		if res := app.get("localhost:8080", path); res.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, res.StatusCode, want)
		}
	}
	if body := readBody(t, app.get("localhost:8080", "/help?q=509")); !strings.Contains(body, "/help/api/status-codes") {
		t.Error("search for 509 does not find the status codes article")
	}
	page := readBody(t, app.get("localhost:8080", "/help/api/status-codes"))
	if !strings.Contains(page, "Ask more about this topic") || !strings.Contains(page, `href="/help/api"`) {
		t.Fatal("article lacks the question form or the link back to its category")
	}
	id := captchaIDRe.FindStringSubmatch(page)[1]
	form := url.Values{"name": {"Ann"}, "email": {"ann@example.com"}, "message": {"Does 509 reset at midnight?"},
		"captcha_id": {id}, "captcha": {"1"}}
	res := app.post("localhost:8080", "/help/api/status-codes", form)
	if body := readBody(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Does 509 reset at midnight?") {
		t.Fatalf("wrong captcha: %d", res.StatusCode)
	}
	if n := app.count(`SELECT COUNT(*) FROM help_questions`); n != 0 {
		t.Fatal("a question was stored without a solved captcha")
	}
	page = readBody(t, app.get("localhost:8080", "/help/api/status-codes"))
	id = captchaIDRe.FindStringSubmatch(page)[1]
	digits, _ := app.app.Captcha.DigitsForTest(context.Background(), id)
	form.Set("captcha_id", id)
	form.Set("captcha", digits)
	if res := app.post("localhost:8080", "/help/api/status-codes", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask: %d", res.StatusCode)
	}
	if n := app.count(`SELECT COUNT(*) FROM help_questions WHERE category_slug = 'api' AND article_slug = 'status-codes' AND email = 'ann@example.com'`); n != 1 {
		t.Fatal("the question did not reach the inbox")
	}
}
