package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/app"
)

var helpCaptchaRe = regexp.MustCompile(`name="captcha_id" value="([^"]+)"`)

// The help centre's question form answers with every field's problem at
// once, a wrong captcha included, keeps what was typed, stores nothing
// until all is right, and then shows its thanks where the page opens.
func TestHelpQuestionShowsEveryProblemAndThenTheThanks(t *testing.T) {
	a := openOwnerApp(t)
	const article = "/help/getting-started/create-your-site"
	const (
		nameMsg    = "Tell us your name."
		messageMsg = "Write your question."
		captchaMsg = "The characters did not match."
	)
	tests := []struct {
		name          string
		fields        url.Values
		rightCaptcha  bool
		status        int
		want, notWant []string
	}{
		{"all wrong", url.Values{"name": {""}, "email": {"anna@"}, "message": {" "}}, false, http.StatusUnprocessableEntity,
			[]string{nameMsg, messageMsg, captchaMsg, `value="anna@"`}, nil},
		{"only the captcha wrong", url.Values{"name": {"Anna"}, "email": {"anna@example.com"}, "message": {"How do I add a shop?"}}, false,
			http.StatusUnprocessableEntity, []string{captchaMsg, `value="Anna"`, "How do I add a shop?"}, []string{nameMsg, messageMsg}},
		{"fields wrong, captcha right", url.Values{"name": {"Anna"}, "email": {"anna@example.com"}, "message": {""}}, true,
			http.StatusUnprocessableEntity, []string{messageMsg}, []string{captchaMsg, nameMsg}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, a, "localhost:8080")
			form := helpForm(t, a, b, article, tt.fields, tt.rightCaptcha)
			res := b.post(article, form)
			if res.status != tt.status {
				t.Fatalf("status %d, want %d", res.status, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.body, w) {
					t.Errorf("answer lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(res.body, w) {
					t.Errorf("answer has %q", w)
				}
			}
			if strings.Contains(tt.name, "wrong") && helpEmailErr(res.body) != strings.Contains(tt.name, "all") {
				t.Errorf("e-mail error shown = %v", helpEmailErr(res.body))
			}
		})
	}
	if n := countQuestions(t, a); n != 0 {
		t.Fatalf("%d questions stored from refused forms", n)
	}

	b := newBrowser(t, a, "localhost:8080")
	res := b.post(article, helpForm(t, a, b, article, url.Values{"name": {"Anna"}, "email": {"anna@example.com"},
		"message": {"How do I add a shop?"}}, true))
	if res.status != http.StatusSeeOther || res.location != article+"#flash" {
		t.Fatalf("sent: %d → %q", res.status, res.location)
	}
	thanks := b.get(article)
	if !strings.Contains(thanks.body, `<p class="flash" id="flash" role="status" tabindex="-1">Thank you!`) {
		t.Errorf("the thanks is not at #flash:\n%s", thanks.body)
	}
	if n := countQuestions(t, a); n != 1 {
		t.Fatalf("%d questions stored, want 1", n)
	}
}

// helpEmailErr reports whether the e-mail field is marked invalid.
func helpEmailErr(body string) bool {
	return strings.Contains(body, `name="email" type="email" value="anna@" required autocomplete="email" aria-invalid="true"`)
}

// helpForm opens the article for a fresh captcha and fills the form, with
// the captcha's digits or a wrong answer.
func helpForm(t *testing.T, a *app.App, b *browser, article string, fields url.Values, right bool) url.Values {
	t.Helper()
	m := helpCaptchaRe.FindStringSubmatch(b.get(article).body)
	if m == nil {
		t.Fatal("no captcha on the article page")
	}
	answer := "000000000"
	if right {
		digits, err := a.Captcha.DigitsForTest(context.Background(), m[1])
		if err != nil {
			t.Fatal(err)
		}
		answer = digits
	}
	form := url.Values{"captcha_id": {m[1]}, "captcha": {answer}, "website": {""}}
	for k, v := range fields {
		form[k] = v
	}
	return form
}

func countQuestions(t *testing.T, a *app.App) int {
	t.Helper()
	var n int
	if err := a.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM help_questions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
