package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
)

// The help centre's question form answers with every field's problem at
// once, a wrong captcha included, keeps what was typed, stores nothing
// until all is right, and then shows its thanks where the page opens.
func TestHelpQuestionShowsEveryProblemAndThenTheThanks(t *testing.T) {
	h := apptest.New(t)
	platform := h.PlatformHost()
	const article = "/help/getting-started/create-your-site"
	const (
		nameMsg    = "Tell us your name."
		messageMsg = "Write your question."
		captchaMsg = "The characters did not match."
		// The e-mail field marked invalid.
		emailErr = `name="email" type="email" value="anna@" required autocomplete="email" aria-invalid="true"`
	)
	var rows []apptest.Scenario
	for _, c := range []struct {
		name          string
		fields        url.Values
		rightCaptcha  bool
		want, notWant []string
	}{
		{"all wrong", url.Values{"name": {""}, "email": {"anna@"}, "message": {" "}}, false,
			[]string{nameMsg, messageMsg, captchaMsg, `value="anna@"`, emailErr}, nil},
		{"only the captcha wrong", url.Values{"name": {"Anna"}, "email": {"anna@example.com"}, "message": {"How do I add a shop?"}}, false,
			[]string{captchaMsg, `value="Anna"`, "How do I add a shop?"}, []string{nameMsg, messageMsg, emailErr}},
		{"fields wrong, captcha right", url.Values{"name": {"Anna"}, "email": {"anna@example.com"}, "message": {""}}, true,
			[]string{messageMsg}, []string{captchaMsg, nameMsg, emailErr}},
	} {
		// Each person opens the article for a captcha of their own.
		b := h.Browser()
		rows = append(rows, apptest.Scenario{Name: c.name, Method: http.MethodPost, Host: platform, Path: article, As: b,
			Form: helpForm(t, h, b, article, c.fields, c.rightCaptcha), ExpectStatus: http.StatusUnprocessableEntity,
			ExpectContains: c.want, ExpectNotContains: c.notWant,
			After: func(t *testing.T, h *apptest.Harness) {
				if n := h.Count(`SELECT COUNT(*) FROM help_questions`); n != 0 {
					t.Fatalf("%d questions stored from a refused form", n)
				}
			}})
	}
	apptest.Run(t, h, rows)

	b := h.Browser()
	res := b.Post(platform, article, helpForm(t, h, b, article, url.Values{"name": {"Anna"}, "email": {"anna@example.com"},
		"message": {"How do I add a shop?"}}, true))
	if res.Status != http.StatusSeeOther || res.Location != article+"#flash" {
		t.Fatalf("sent: %d → %q", res.Status, res.Location)
	}
	apptest.Expect(t, b.Follow(platform, res), http.StatusOK,
		`<p class="flash" id="flash" role="status" tabindex="-1">Thank you!`)
	if n := h.Count(`SELECT COUNT(*) FROM help_questions`); n != 1 {
		t.Fatalf("%d questions stored, want 1", n)
	}
}

// helpForm opens the article in b for a fresh captcha and fills the form,
// with the captcha's digits or a wrong answer.
func helpForm(t *testing.T, h *apptest.Harness, b *apptest.Browser, article string, fields url.Values, right bool) url.Values {
	t.Helper()
	page := b.Get(h.PlatformHost(), article)
	id, digits, ok := h.SolveCaptcha(page.Body)
	if page.Status != http.StatusOK || !ok {
		t.Fatalf("article: %d, captcha found: %v", page.Status, ok)
	}
	if !right {
		digits = "000000000"
	}
	form := url.Values{"captcha_id": {id}, "captcha": {digits}, "website": {""}}
	for k, v := range fields {
		form[k] = v
	}
	return form
}
