package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// burstSignups is how many people press "Create my site" at the same moment.
const burstSignups = 200

// BenchmarkSignupBurst measures whether a crowd of new customers slows down
// the people already working: burstSignups signups are sent at once, over
// real HTTP on loopback, while the owner of an existing site keeps saving a
// page in the admin (one save after another, 10 ms apart). It reports the
// p50 and p99 of each signup's POST and of each page save during the burst,
// the p50 of page saves before it, and how many signups did not get their
// 303. Goal: page save p99 < 50 ms and signup p99 < 1 s, on SQLite and on
// PostgreSQL (the latter when PAGECART_TEST_POSTGRES_URL is set).
//
//	go test ./bench -run '^$' -bench SignupBurst -benchtime 1x
func BenchmarkSignupBurst(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { signupBurst(b, "") })
	b.Run("postgres", func(b *testing.B) { signupBurst(b, sqldbtest.PostgresURL(b)) })
}

func signupBurst(b *testing.B, databaseURL string) {
	p := startPlatformOn(b, databaseURL)
	ctx := context.Background()
	owner := p.ownerSession(b, ctx, "burst-owner")
	var idle, saves, signups []time.Duration
	failed, failedSaves := 0, 0
	var mu sync.Mutex
	round := 0
	for b.Loop() {
		round++
		b.StopTimer()
		for range 20 {
			idle = append(idle, owner.save(b))
		}
		forms := make([]url.Values, burstSignups)
		for i := range forms {
			forms[i] = signupForm(b, p, ctx, fmt.Sprintf("burst-%d-%d", round, i), p.app.Themes.Default())
		}
		b.StartTimer()

		// The saver must not call b.Fatal from its goroutine: it counts
		// failed saves instead, and always hands its figures back.
		stop := make(chan struct{})
		saved := make(chan []time.Duration)
		go func() {
			var ds []time.Duration
			for {
				select {
				case <-stop:
					saved <- ds
					return
				case <-time.After(10 * time.Millisecond):
				}
				d, status := owner.trySave(b)
				ds = append(ds, d)
				if status != http.StatusSeeOther {
					mu.Lock()
					failedSaves++
					mu.Unlock()
				}
			}
		}()
		go1 := make(chan struct{})
		var wg sync.WaitGroup
		for _, form := range forms {
			wg.Go(func() {
				<-go1
				start := time.Now()
				status := p.postSignup(form)
				d := time.Since(start)
				mu.Lock()
				defer mu.Unlock()
				signups = append(signups, d)
				if status != http.StatusSeeOther {
					failed++
				}
			})
		}
		close(go1)
		wg.Wait()
		close(stop)
		saves = append(saves, <-saved...)
	}
	if len(saves) == 0 {
		b.Fatal("no page was saved during the burst")
	}
	b.ReportMetric(0, "ns/op") // one iteration is a whole burst; the percentiles say it better
	b.ReportMetric(ms(percentile(idle, 50)), "save-idle-p50-ms")
	b.ReportMetric(ms(percentile(saves, 50)), "save-p50-ms")
	b.ReportMetric(ms(percentile(saves, 99)), "save-p99-ms")
	b.ReportMetric(ms(slices.Max(saves)), "save-max-ms")
	b.ReportMetric(float64(len(saves)), "saves")
	b.ReportMetric(ms(percentile(signups, 50)), "signup-p50-ms")
	b.ReportMetric(ms(percentile(signups, 99)), "signup-p99-ms")
	b.ReportMetric(float64(failed), "signups-failed")
	b.ReportMetric(float64(failedSaves), "saves-failed")
}

// postSignup sends a filled-in signup form and returns the status, or 0
// when no answer came.
func (p *platform) postSignup(form url.Values) int {
	req, err := http.NewRequest(http.MethodPost, "http://"+p.addr+"/signup", strings.NewReader(form.Encode()))
	if err != nil {
		return 0
	}
	req.Host = "localhost:" + p.port
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := p.client.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// owner is a site owner logged in to their admin, editing one page.
type owner struct {
	p       *platform
	host    string // NAME.localhost
	cookies []*http.Cookie
	pageID  int64
	n       int
}

// ownerSession signs a site up through the form, follows the hand-over to
// its admin for the session cookie, and picks a page to edit.
func (p *platform) ownerSession(b *testing.B, ctx context.Context, name string) *owner {
	b.Helper()
	form := signupForm(b, p, ctx, name, p.app.Themes.Default())
	req := p.request(b, http.MethodPost, "localhost", "/signup", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := p.do(b, req, http.StatusSeeOther)
	sso, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		b.Fatalf("signup redirect %q: %v", res.Header.Get("Location"), err)
	}
	res = p.do(b, p.request(b, http.MethodGet, name+".localhost", sso.RequestURI(), nil), http.StatusSeeOther)
	// Every cookie the hand-over set, as a browser would keep them.
	var cookies []*http.Cookie
	for _, c := range res.Cookies() {
		if c.Value != "" {
			cookies = append(cookies, &http.Cookie{Name: c.Name, Value: c.Value})
		}
	}
	if len(cookies) == 0 {
		b.Fatal("the hand-over to the admin set no cookie")
	}
	site, err := p.app.Sites.ByName(ctx, name)
	if err != nil {
		b.Fatal(err)
	}
	list, err := p.app.Pages.List(ctx, site.ID, site.Entitlements())
	if err != nil || len(list) == 0 {
		b.Fatalf("pages of %s: %v, %d", name, err, len(list))
	}
	var pageID int64
	for _, pg := range list {
		if pg.Slug != "" {
			pageID = pg.ID
			break
		}
	}
	o := &owner{p: p, host: name + ".localhost", cookies: cookies, pageID: pageID}
	o.save(b) // the first save also proves the session works
	return o
}

// save posts the page editor's form with a new body and returns how long
// the answer took, failing the benchmark unless the page was saved.
func (o *owner) save(b *testing.B) time.Duration {
	d, status := o.trySave(b)
	if status != http.StatusSeeOther {
		b.Fatalf("save page: %d, want 303", status)
	}
	return d
}

// trySave is save that returns the status (0 when no answer came) instead
// of failing, for use from another goroutine.
func (o *owner) trySave(b *testing.B) (time.Duration, int) {
	o.n++
	form := url.Values{"title": {"About us"}, "slug": {"about-us"}, "in_nav": {"on"},
		"body": {fmt.Sprintf("<p>We bake bread, version %d.</p>", o.n)}}
	req := o.p.request(b, http.MethodPost, o.host, "/admin/pages/"+strconv.FormatInt(o.pageID, 10), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range o.cookies {
		req.AddCookie(c)
	}
	start := time.Now()
	res, err := o.p.client.Do(req)
	d := time.Since(start)
	if err != nil {
		return d, 0
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return d, res.StatusCode
}

// do sends req and fails the benchmark unless the answer has status want.
func (p *platform) do(b *testing.B, req *http.Request, want int) *http.Response {
	res, err := p.client.Do(req)
	if err != nil {
		b.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != want {
		b.Fatalf("%s %s%s: %d, want %d\n%.2000s", req.Method, req.Host, req.URL.Path, res.StatusCode, want, body)
	}
	return res
}

// startPlatformOn is startPlatform on the given database (SQLite in the
// temporary directory when databaseURL is empty).
func startPlatformOn(b *testing.B, databaseURL string) *platform {
	b.Helper()
	if databaseURL == "" {
		return startPlatform(b)
	}
	return startPlatform(b, func(c *config.Config) { c.DatabaseURL = databaseURL })
}
