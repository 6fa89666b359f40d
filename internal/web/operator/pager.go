package operator

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
)

// pager is the "Showing 1–50 of N" line and its previous/next links.
type pager struct {
	From, To, Total  int
	PrevURL, NextURL string
	Page, Pages      int
}

// pageOf reads ?page= (1 when missing or bad) and returns the offset.
func pageOf(r *http.Request) (page, offset int) {
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	return page, (page - 1) * pageSize
}

// newPager builds the links for page of a list at path with the
// current query (search, filters) kept.
func newPager(path string, query url.Values, page, shown, total int) pager {
	p := pager{Total: total, Page: page, Pages: max(1, (total+pageSize-1)/pageSize)}
	if shown > 0 {
		p.From = (page-1)*pageSize + 1
		p.To = p.From + shown - 1
	}
	link := func(n int) string {
		q := url.Values{}
		for k, v := range query {
			if k != "page" && len(v) > 0 && v[0] != "" {
				q.Set(k, v[0])
			}
		}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return path
		}
		return path + "?" + q.Encode()
	}
	if page > 1 {
		p.PrevURL = link(min(page-1, p.Pages))
	}
	if page*pageSize < total {
		p.NextURL = link(page + 1)
	}
	return p
}

var pagerHTML = template.Must(template.New("pager").Parse(`{{if or .PrevURL .NextURL}}<nav class="pager" aria-label="Pages">
{{if .PrevURL}}<a class="button secondary" href="{{.PrevURL}}" rel="prev">← Previous</a>{{end}}
<span class="muted">Page {{.Page}} of {{.Pages}}</span>
{{if .NextURL}}<a class="button secondary" href="{{.NextURL}}" rel="next">Next →</a>{{end}}
</nav>{{end}}`))

// renderPager is the "pager" template function shared by every list page.
func renderPager(p pager) (template.HTML, error) {
	var b bytes.Buffer
	err := pagerHTML.Execute(&b, p)
	return template.HTML(b.String()), err //nolint:gosec // produced by html/template
}
