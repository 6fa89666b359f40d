package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/internal/sites"
)

// Publishing, the history of versions, scheduling and the preview of a
// page's draft.

// PreviewFunc renders a page of site with the given sections (the draft)
// in the site's design, as the storefront would, without touching the
// published page cache. The storefront provides it (web.NewServer wires it).
type PreviewFunc func(r *http.Request, site sites.Site, page pages.Page, secs []sections.Section) ([]byte, error)

// UsePreview sets how the editor's preview is drawn.
func (a *Admin) UsePreview(f PreviewFunc) { a.preview = f }

func (a *Admin) publishPage(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.writablePage(r, st)
	if err != nil {
		return err
	}
	if _, err := a.d.Pages.Publish(r.Context(), st.site.ID, p.ID, st.account.ID); errors.Is(err, pages.ErrNoDraft) {
		return done(w, r, pagePath(p), "There is nothing new to publish: your visitors already see this version.")
	} else if err != nil {
		return err
	}
	return done(w, r, pagePath(p), "Published. Your visitors see the new version of “"+p.Title+"” now.")
}

func (a *Admin) discardDraft(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.writablePage(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirm(w, r, confirmation{Heading: "Discard the draft of “" + p.Title + "”?",
			Message: "Every change since the last publish is thrown away, and a scheduled publish is cancelled. Your visitors keep seeing the published page.",
			Action:  r.URL.Path, Button: "Discard draft", Cancel: pagePath(p)})
	}
	if err := a.d.Pages.DiscardDraft(r.Context(), st.site.ID, p.ID); err != nil {
		return err
	}
	return done(w, r, pagePath(p), "Draft discarded. The editor shows the published page again.")
}

// siteLocation is the site's time zone, for schedules typed by people.
func (a *Admin) siteLocation(st *state) *time.Location {
	if loc, err := time.LoadLocation(st.site.TimeZone); err == nil && st.site.TimeZone != "" {
		return loc
	}
	return time.UTC
}

func (a *Admin) schedulePage(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.writablePage(r, st)
	if err != nil {
		return err
	}
	if r.PostFormValue("cancel") != "" {
		if err := a.d.Pages.CancelSchedule(r.Context(), st.site.ID, p.ID); err != nil {
			return err
		}
		return done(w, r, pagePath(p), "The scheduled publish is cancelled; the draft stays.")
	}
	loc := a.siteLocation(st)
	at, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(r.PostFormValue("publish_at")), loc)
	fail := func(msg string) error {
		http.Redirect(w, r, pagePath(p)+"?schedule_error="+url.QueryEscape(msg)+"#publish", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return fail("Choose a date and a time.")
	}
	err = a.d.Pages.SchedulePublish(r.Context(), st.site.ID, p.ID, st.account.ID, at)
	if errors.Is(err, pages.ErrNoDraft) {
		return fail("There are no changes to publish: edit the page first.")
	}
	if err != nil {
		if msg, ok := invalidMessage(err); ok {
			return fail(msg)
		}
		return err
	}
	return done(w, r, pagePath(p), "The draft will be published on "+at.Format("2 Jan 2006 at 15:04")+" ("+loc.String()+").")
}

// historyData is the page of a page's versions.
type historyData struct {
	Page     pages.Page
	ReadOnly bool
	Versions []versionItem
}

type versionItem struct {
	pages.Version
	When     string
	Who      string
	Live     bool
	Sections int
}

func (a *Admin) pageHistory(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	vs, err := a.d.Pages.Versions(r.Context(), st.site.ID, p.ID)
	if err != nil {
		return err
	}
	loc := a.siteLocation(st)
	d := historyData{Page: p, ReadOnly: p.ReadOnly}
	for i, v := range vs {
		it := versionItem{Version: v, When: v.PublishedAt.In(loc).Format("2 Jan 2006, 15:04"), Who: v.PublishedByEmail, Live: i == 0}
		if it.Who == "" {
			it.Who = "Pagecart (the page as first created)"
		}
		if secs, err := sections.Decode(v.Sections); err == nil {
			it.Sections = len(secs)
		}
		d.Versions = append(d.Versions, it)
	}
	return a.render(w, r, http.StatusOK, "page_history.html", "History of “"+p.Title+"”", nil, d)
}

func (a *Admin) restoreVersion(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.writablePage(r, st)
	if err != nil {
		return err
	}
	vid, err := strconv.ParseInt(r.PathValue("vid"), 10, 64)
	if err != nil {
		return pages.ErrNotFound
	}
	if !confirmed(r) {
		return a.confirm(w, r, confirmation{Heading: "Restore this version of “" + p.Title + "”?",
			Message: "Your visitors see this version at once. It is published as a new version, so the history keeps the current one; unpublished changes in the draft are discarded.",
			Action:  r.URL.Path, Button: "Restore and publish", Cancel: pagePath(p) + "/history", Safe: true})
	}
	if _, err := a.d.Pages.Restore(r.Context(), st.site.ID, p.ID, vid, st.account.ID); err != nil {
		return err
	}
	return done(w, r, pagePath(p)+"/history", "Version restored. Your visitors see it now.")
}

// previewPage draws the draft in the site's design for the editor's
// iframe: never cached, framed only by the admin itself.
func (a *Admin) previewPage(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPage(r, st)
	if err != nil {
		return err
	}
	secs, err := editing(p)
	if err != nil {
		return err
	}
	if a.preview == nil {
		return errors.New("page preview is not wired")
	}
	body, err := a.preview(r, st.site, p, secs)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Security-Policy", strings.Replace(h.Get("Content-Security-Policy"), "frame-ancestors 'none'", "frame-ancestors 'self'", 1))
	h.Set("X-Robots-Tag", "noindex")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	return nil
}

// invalidMessage is the first message of a form error, for a redirect.
func invalidMessage(err error) (string, bool) {
	fields, ok := fault.AsInvalid(err)
	if !ok {
		return "", false
	}
	for _, m := range fields {
		return m, true
	}
	return "", false
}
