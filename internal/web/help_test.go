package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
)

func TestHelpCentreQuestionReachesTheInbox(t *testing.T) {
	h := apptest.New(t)
	platform := h.PlatformHost()
	var rows []apptest.Scenario
	for path, want := range map[string]int{
		"/help": 200, "/help?q=509": 200, "/help/api": 200, "/help/api/status-codes": 200,
		"/help/nope": 404, "/help/api/nope": 404, "/terms": 200, "/": 200,
	} {
		rows = append(rows, apptest.Scenario{Name: "GET " + path, Host: platform, Path: path, ExpectStatus: want})
	}
	rows = append(rows,
		apptest.Scenario{Name: "search for 509 finds the status codes article", Host: platform, Path: "/help?q=509",
			ExpectStatus: http.StatusOK, ExpectContains: []string{"/help/api/status-codes"}},
		apptest.Scenario{Name: "article with the question form and the link back to its category", Host: platform,
			Path: "/help/api/status-codes", ExpectStatus: http.StatusOK,
			ExpectContains: []string{"Ask more about this topic", `href="/help/api"`}},
	)
	apptest.Run(t, h, rows)

	ann := h.Browser()
	id, _, ok := h.SolveCaptcha(ann.Get(platform, "/help/api/status-codes").Body)
	if !ok {
		t.Fatal("the article has no captcha")
	}
	form := url.Values{"name": {"Ann"}, "email": {"ann@example.com"}, "message": {"Does 509 reset at midnight?"},
		"captcha_id": {id}, "captcha": {"1"}}
	apptest.Expect(t, ann.Post(platform, "/help/api/status-codes", form), http.StatusUnprocessableEntity,
		"Does 509 reset at midnight?")
	if n := h.Count(`SELECT COUNT(*) FROM help_questions`); n != 0 {
		t.Fatal("a question was stored without a solved captcha")
	}
	id, digits, ok := h.SolveCaptcha(ann.Get(platform, "/help/api/status-codes").Body)
	if !ok {
		t.Fatal("the article has no captcha")
	}
	form.Set("captcha_id", id)
	form.Set("captcha", digits)
	apptest.Expect(t, ann.Post(platform, "/help/api/status-codes", form), http.StatusSeeOther)
	if n := h.Count(`SELECT COUNT(*) FROM help_questions WHERE category_slug = 'api' AND article_slug = 'status-codes' AND email = 'ann@example.com'`); n != 1 {
		t.Fatal("the question did not reach the inbox")
	}
}
