package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/blog"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// postRow is a post in the admin's list.
type postRow struct {
	blog.Post
	Badge string // "Draft", "Published", "Scheduled"
	Date  string // the publish date in the site's time zone, or ""
}

type blogData struct {
	Rows          []postRow
	Tags          []blog.Tag
	Query, Status string
	Tag           string
	MoreURL       string
	FirstURL      string
	Filtered      bool
}

// listPosts is /admin/blog: search, filter by status and tag, a page at a
// time.
func (a *Admin) listPosts(w http.ResponseWriter, r *http.Request, st *state) error {
	q := r.URL.Query()
	d := blogData{Query: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Tag: q.Get("tag")}
	d.Filtered = d.Query != "" || d.Status != "" || d.Tag != ""
	page, err := a.d.Blog.List(r.Context(), st.site.ID, blog.Query{Filter: blog.Filter(d.Status), Tag: d.Tag, Search: d.Query,
		Cursor: q.Get("after"), Limit: 25})
	if err != nil {
		return err
	}
	if d.Tags, err = a.d.Blog.Tags(r.Context(), st.site.ID); err != nil {
		return err
	}
	loc, now := siteLocation(st.site), a.now()
	for _, p := range page.Posts {
		row := postRow{Post: p, Badge: "Draft"}
		switch {
		case p.Scheduled(now):
			row.Badge = "Scheduled"
		case p.Status == blog.Published:
			row.Badge = "Published"
		}
		if !p.PublishedAt.IsZero() {
			row.Date = p.PublishedAt.In(loc).Format("2 Jan 2006, 15:04")
		}
		d.Rows = append(d.Rows, row)
	}
	// The same filters lead back to the first page and on to the next.
	filters := url.Values{}
	for _, k := range []string{"q", "status", "tag"} {
		if v := q.Get(k); v != "" {
			filters.Set(k, v)
		}
	}
	if q.Get("after") != "" {
		d.FirstURL = "/admin/blog?" + filters.Encode()
	}
	if page.Next != "" {
		filters.Set("after", page.Next)
		d.MoreURL = "/admin/blog?" + filters.Encode()
	}
	return a.render(w, r, http.StatusOK, "blog.html", "Blog", nil, d)
}

// coverPick is an image of the library offered as a post's cover.
type coverPick struct {
	media.Media
	Thumb   string
	Checked bool
}

// authorOption is a member of the staff offered as a post's author.
type authorOption struct {
	ID       int64
	Email    string
	Selected bool
}

// postForm is the data of the post editor.
type postForm struct {
	Post     blog.Post // zero ID for a new post
	Covers   []coverPick
	Authors  []authorOption
	SiteURL  string
	TimeZone string
	Live     bool // visitors can see the post now
}

func (a *Admin) newPost(w http.ResponseWriter, r *http.Request, st *state) error {
	f := &ui.Form{Values: url.Values{"status": {"draft"}, "author": {strconv.FormatInt(st.account.ID, 10)},
		"authorName": {st.site.Title}}}
	return a.renderPost(w, r, st, http.StatusOK, f, blog.Post{})
}

func (a *Admin) renderPost(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form, p blog.Post) error {
	ctx := r.Context()
	d := postForm{Post: p, SiteURL: a.d.Config.SiteURL(st.site.Name), TimeZone: siteLocation(st.site).String(),
		Live: p.ID != 0 && p.Visible(a.now())}
	lib, err := a.d.Media.List(ctx, st.site.ID, media.ListOptions{PerPage: 200})
	if err != nil {
		return err
	}
	for _, im := range lib.Items {
		pick := coverPick{Media: im, Thumb: im.VariantURL(160), Checked: f.Value("cover") == strconv.FormatInt(im.ID, 10)}
		if im.IsSVG() {
			pick.Thumb = im.URL()
		}
		d.Covers = append(d.Covers, pick)
	}
	members, err := a.d.Accounts.Members(ctx, st.site.ID)
	if err != nil {
		return err
	}
	for _, m := range members {
		d.Authors = append(d.Authors, authorOption{ID: m.AccountID, Email: m.Email,
			Selected: f.Value("author") == strconv.FormatInt(m.AccountID, 10)})
	}
	title := "New post"
	if p.ID != 0 {
		title = "Edit " + p.Title
	}
	return a.render(w, r, status, "post.html", title, f, d)
}

// findPost returns a post of this site; another site's is a 404.
func (a *Admin) findPost(r *http.Request, st *state) (blog.Post, error) {
	id, err := pathID(r)
	if err != nil {
		return blog.Post{}, err
	}
	return a.d.Blog.Get(r.Context(), st.site.ID, id)
}

func (a *Admin) editPost(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPost(r, st)
	if err != nil {
		return err
	}
	var tags []string
	for _, t := range p.Tags {
		tags = append(tags, t.Name)
	}
	f := &ui.Form{Values: url.Values{"title": {p.Title}, "slug": {p.Slug}, "excerpt": {p.Excerpt}, "body": {string(p.Body)},
		"tags": {strings.Join(tags, ", ")}, "authorName": {p.AuthorName}, "status": {string(p.Status)},
		"seoTitle": {p.SEOTitle}, "seoDescription": {p.SEODescription}}}
	if p.CoverID != 0 {
		f.Values.Set("cover", strconv.FormatInt(p.CoverID, 10))
	}
	if p.AuthorID != 0 {
		f.Values.Set("author", strconv.FormatInt(p.AuthorID, 10))
	}
	if !p.PublishedAt.IsZero() {
		f.Values.Set("publishAt", p.PublishedAt.In(siteLocation(st.site)).Format("2006-01-02T15:04"))
	}
	return a.renderPost(w, r, st, http.StatusOK, f, p)
}

// postInput reads the editor's form; a publish date is read in the site's
// time zone.
func (a *Admin) postInput(f *ui.Form, st *state) blog.Input {
	in := blog.Input{Title: f.Value("title"), Slug: f.Value("slug"), Excerpt: f.Value("excerpt"), Body: f.Raw("body"),
		Tags: f.Value("tags"), AuthorName: f.Value("authorName"), Status: blog.Status(f.Value("status")),
		SEOTitle: f.Value("seoTitle"), SEODescription: f.Value("seoDescription")}
	if v := f.Value("cover"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			f.Set("cover", "Choose an image from the list.")
		}
		in.CoverID = id
	}
	if v := f.Value("author"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			f.Set("author", "Choose an author from the list.")
		}
		in.AuthorID = id
	}
	if v := f.Value("publishAt"); v != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", v, siteLocation(st.site))
		if err != nil {
			f.Set("publishAt", "Write the date and time like 2026-05-03 09:30.")
		}
		in.PublishedAt = t
	}
	return in
}

func (a *Admin) savePost(w http.ResponseWriter, r *http.Request, st *state) error {
	var old blog.Post
	if r.PathValue("id") != "" {
		var err error
		if old, err = a.findPost(r, st); err != nil {
			return err
		}
	}
	f := ui.NewForm(r)
	in := a.postInput(f, st)
	var p blog.Post
	var err error
	if !f.HasErrors() {
		if old.ID == 0 {
			p, err = a.d.Blog.Create(r.Context(), st.site.ID, in)
		} else {
			p, err = a.d.Blog.Update(r.Context(), st.site.ID, old.ID, in)
		}
		if err != nil && !f.Absorb(err) {
			return err
		}
	}
	if f.HasErrors() {
		return a.renderPost(w, r, st, http.StatusUnprocessableEntity, f, old)
	}
	if r.PostFormValue("preview") != "" {
		return done(w, r, "/admin/blog/"+strconv.FormatInt(p.ID, 10)+"/preview", "")
	}
	msg := "Post saved as a draft. Only you and your staff can see it."
	switch now := a.now(); {
	case p.Scheduled(now):
		msg = "Post scheduled: visitors see it from " + p.PublishedAt.In(siteLocation(st.site)).Format("2 Jan 2006, 15:04") + "."
	case p.Visible(now):
		msg = "Post published. It is live at " + p.URL() + "."
	}
	return done(w, r, "/admin/blog/"+strconv.FormatInt(p.ID, 10), msg)
}

// previewPost shows a post, draft or not, in the site's design, to staff.
func (a *Admin) previewPost(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPost(r, st)
	if err != nil {
		return err
	}
	body, err := a.d.PostPreview(r, st.site, p, true)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	_, err = w.Write(body)
	return err
}

func (a *Admin) confirmDeletePost(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPost(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Delete the post “" + p.Title + "”?",
		Message: "The post disappears from your blog and its feeds at once, and links to " + p.URL() + " stop working. This cannot be undone.",
		Action:  "/admin/blog/" + strconv.FormatInt(p.ID, 10) + "/delete", Button: "Delete post",
		Cancel: "/admin/blog/" + strconv.FormatInt(p.ID, 10)})
}

func (a *Admin) deletePost(w http.ResponseWriter, r *http.Request, st *state) error {
	p, err := a.findPost(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmDeletePost(w, r, st)
	}
	if err := a.d.Blog.Delete(r.Context(), st.site.ID, p.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/blog", "Post “"+p.Title+"” deleted.")
}
