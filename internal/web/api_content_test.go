package web_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/blog"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sites"
)

// tinyGIF is a 1×1 GIF for the media library.
const tinyGIF = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"

// contentFixture gives site a post, an image, an edited header menu and a
// page with sections and a draft, each named with word (so that a test
// can look for it, or for its absence, in a reply).
type contentFixture struct {
	post  blog.Post
	image int64
	page  pages.Page
}

func newContentFixture(t *testing.T, h *apptest.Harness, site sites.Site, word string) contentFixture {
	t.Helper()
	ctx := t.Context()
	up, err := h.App.Media.Upload(ctx, site.ID, site.Entitlements(), word+".gif", strings.NewReader(tinyGIF))
	if err != nil {
		t.Fatal(err)
	}
	post, err := h.App.Blog.Create(ctx, site.ID, blog.Input{Title: word + " recipe", Slug: strings.ToLower(word) + "-recipe",
		Body: "<p>" + word + " text</p>", Tags: word + " tag", Status: blog.Published, CoverID: up.ID})
	if err != nil {
		t.Fatal(err)
	}
	page, err := h.App.Pages.Create(ctx, site.ID, site.Entitlements(), pages.Input{Slug: strings.ToLower(word) + "-page", Title: word + " page",
		Body: "<h2>" + word + " heading</h2><p>" + word + " words</p>"})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.App.Pages.SaveDraft(ctx, site.ID, page.ID, 0, page.Sections); err != nil {
		t.Fatal(err)
	}
	if err := h.App.Menus.Apply(ctx, site.ID, menus.Header, nil, menus.Edit{Op: "add",
		Input: menus.Input{Label: word + " link", Kind: menus.KindPost, TargetID: post.ID}}); err != nil {
		t.Fatal(err)
	}
	return contentFixture{post: post, image: up.ID, page: page}
}

// TestAPIContent: posts, media, menus and sections answer with the content
// scopes, and are refused (403) without them.
func TestAPIContent(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("words", "o@example.com")
	fx := newContentFixture(t, h, site, "Sourdough")
	host := h.SiteHost("words")
	read := apiToken(t, h, site, apitokens.NewToken{Scopes: []apitokens.Scope{"read_content"}})
	write := apiToken(t, h, site, apitokens.NewToken{Scopes: []apitokens.Scope{"read_content", "write_content"}})
	none := apiToken(t, h, site, apitokens.NewToken{Scopes: []apitokens.Scope{"read_products"}})
	send := func(tok, query string) apptest.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, "http://"+host+"/api/graphql", strings.NewReader(gql(query, nil)))
		req.Header = apiHeader(tok)
		return h.Browser().Send(req)
	}
	postID, imageID, pageID := strconv.FormatInt(fx.post.ID, 10), strconv.FormatInt(fx.image, 10), strconv.FormatInt(fx.page.ID, 10)

	reads := []struct {
		name, query string
		want        []string
	}{
		{"posts", `{ posts(first: 50) { edges { node { id title status url tags { name handle } coverMediaId } } pageInfo { hasNextPage } } }`,
			[]string{`"title":"Sourdough recipe"`, `"status":"PUBLISHED"`, `/blog/sourdough-recipe"`, `"handle":"sourdough-tag"`, `"coverMediaId":"` + imageID + `"`}},
		{"posts by tag", `{ posts(tag: "sourdough-tag") { edges { node { title } } } }`, []string{`"edges":[{"node":{"title":"Sourdough recipe"}}]`}},
		{"posts searched", `{ posts(query: "sourdough") { edges { node { title } } } }`, []string{`"title":"Sourdough recipe"`}},
		{"drafts", `{ posts(status: DRAFT, query: "sourdough") { edges { node { title } } } }`, []string{`"edges":[]`}},
		{"post by id", `{ post(id: "` + postID + `") { title bodyHtml publishedAt } }`, []string{`"bodyHtml":"\u003cp\u003eSourdough text\u003c/p\u003e"`}},
		{"post by handle", `{ post(handle: "sourdough-recipe") { id } }`, []string{`"id":"` + postID + `"`}},
		{"mediaItems", `{ mediaItems(first: 100) { edges { node { id url contentType width height size usageCount alt } } totalCount } }`,
			[]string{`"id":"` + imageID + `"`, `"contentType":"image/gif"`, `"width":1`, `"usageCount":1`, `/media/` + imageID + `/sourdough.gif"`}},
		{"mediaItem", `{ mediaItem(id: "` + imageID + `") { id size } }`, []string{`"size":` + strconv.Itoa(len(tinyGIF))}},
		{"menu", `{ menu(name: HEADER) { name edited links { label url children { label } } } }`,
			[]string{`"edited":true`, `{"label":"Sourdough link","url":"/blog/sourdough-recipe","children":[]}`}},
		{"footer menu", `{ menu(name: FOOTER) { edited links { label } } }`, []string{`"edited":false`}},
		{"page sections", `{ page(id: "` + pageID + `") { sections { id type settingsJson blocks { id settingsJson } } draftSections { type } } }`,
			[]string{`Sourdough heading`, `"settingsJson":"{`, `"draftSections":[{"type":`}},
		{"pages' sections", `{ pages(first: 50) { edges { node { handle sections { type } } } } }`, []string{`"handle":"sourdough-page","sections":[{"type":`}},
	}
	for _, q := range reads {
		t.Run(q.name, func(t *testing.T) {
			res := send(read, q.query)
			if res.Status != http.StatusOK {
				t.Fatalf("%d %s", res.Status, res.Body)
			}
			for _, w := range q.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("reply lacks %s\n%s", w, res.Body)
				}
			}
			if res := send(none, q.query); res.Status != http.StatusForbidden || !strings.Contains(res.Body, `"code":"INSUFFICIENT_SCOPE"`) {
				t.Errorf("without read_content: %d %s", res.Status, res.Body)
			}
		})
	}
	// A page's settingsJson is a JSON object.
	res := send(read, `{ page(id: "`+pageID+`") { sections { settingsJson } } }`)
	var reply struct {
		Data struct {
			Page struct {
				Sections []struct{ SettingsJSON string }
			}
		}
	}
	if err := json.Unmarshal([]byte(res.Body), &reply); err != nil || len(reply.Data.Page.Sections) == 0 {
		t.Fatalf("sections: %v %s", err, res.Body)
	}
	var settings map[string]any
	if err := json.Unmarshal([]byte(reply.Data.Page.Sections[0].SettingsJSON), &settings); err != nil {
		t.Fatalf("settingsJson is not an object: %v", err)
	}

	for _, q := range []string{`{ post(id: "999999") { id } }`, `{ post(handle: "nothing-here") { id } }`, `{ mediaItem(id: "999999") { id } }`} {
		if res := send(read, q); res.Status != http.StatusNotFound || !strings.Contains(res.Body, `"code":"NOT_FOUND"`) {
			t.Errorf("%s: %d %s", q, res.Status, res.Body)
		}
	}

	// Writing needs write_content.
	create := `mutation { postCreate(input: {title: "Rye notes", bodyHtml: "<p>Rye</p><script>x()</script>", tags: ["Rye", "Baking"]}) { post { id handle status bodyHtml tags { handle } } userErrors { field message } } }`
	if res := send(read, create); res.Status != http.StatusForbidden {
		t.Fatalf("postCreate without write_content: %d %s", res.Status, res.Body)
	}
	res = send(write, create)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, `"handle":"rye-notes","status":"DRAFT","bodyHtml":"\u003cp\u003eRye\u003c/p\u003e"`) ||
		!strings.Contains(res.Body, `[{"handle":"rye"},{"handle":"baking"}]`) {
		t.Fatalf("postCreate: %d %s", res.Status, res.Body)
	}
	var created struct {
		Data struct {
			PostCreate struct{ Post struct{ ID string } }
		}
	}
	_ = json.Unmarshal([]byte(res.Body), &created)
	newID := created.Data.PostCreate.Post.ID
	res = send(write, `mutation { postUpdate(id: "`+newID+`", input: {status: PUBLISHED, excerpt: "Short"}) { post { title status excerpt publishedAt } userErrors { message } } }`)
	if res.Status != http.StatusOK || !strings.Contains(res.Body, `"title":"Rye notes","status":"PUBLISHED","excerpt":"Short","publishedAt":"`) {
		t.Fatalf("postUpdate: %d %s", res.Status, res.Body)
	}
	for q, want := range map[string]string{
		`{title: "", handle: "Bad Handle!"}`: `"userErrors":[{"field":["input","handle"],"code":"INVALID"},{"field":["input","title"],"code":"INVALID"}]`,
		`{publishedAt: "soon"}`:              `"userErrors":[{"field":["input","publishedAt"],"code":"INVALID"}]`,
	} {
		res = send(write, `mutation { postUpdate(id: "`+newID+`", input: `+q+`) { post { id } userErrors { field code } } }`)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `"post":null`) || !strings.Contains(res.Body, want) {
			t.Errorf("postUpdate with %s: %d %s", q, res.Status, res.Body)
		}
	}
	if res := send(write, `mutation { postCreate(input: {title: "Cover", coverMediaId: "999999"}) { post { id } userErrors { field } } }`); !strings.Contains(res.Body, `"field":["input","coverMediaId"]`) {
		t.Errorf("a cover not in the library: %s", res.Body)
	}
	if res := send(read, `mutation { postDelete(id: "`+newID+`") { deletedId } }`); res.Status != http.StatusForbidden {
		t.Fatalf("postDelete without write_content: %d %s", res.Status, res.Body)
	}
	del := `mutation { postDelete(id: "` + newID + `", submissionId: "del-1") { deletedId } }`
	if res := send(write, del); res.Status != http.StatusOK || !strings.Contains(res.Body, `"deletedId":"`+newID+`"`) {
		t.Fatalf("postDelete: %d %s", res.Status, res.Body)
	}
	// The same submission again is the first reply, not a 404.
	if res := send(write, del); res.Status != http.StatusOK || res.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("postDelete replayed: %d %s", res.Status, res.Body)
	}
	if res := send(write, `mutation { postDelete(id: "`+newID+`") { deletedId } }`); res.Status != http.StatusNotFound {
		t.Fatalf("postDelete of a deleted post: %d %s", res.Status, res.Body)
	}
	if _, err := h.App.Blog.Get(t.Context(), site.ID, fx.post.ID); err != nil {
		t.Fatalf("the fixture's post: %v", err)
	}
}

// TestAPIContentPaging: posts and media page with their cursors, each item
// once.
func TestAPIContentPaging(t *testing.T) {
	h := apptest.New(t)
	site, _ := h.NewSite("paging", "o@example.com")
	ctx := t.Context()
	for i := range 5 {
		if _, err := h.App.Blog.Create(ctx, site.ID, blog.Input{Title: "Paged " + strconv.Itoa(i), Status: blog.Draft}); err != nil {
			t.Fatal(err)
		}
		// Each file differs in its last byte's neighbour: the library keeps
		// one copy of identical pictures.
		if _, err := h.App.Media.Upload(ctx, site.ID, site.Entitlements(), "p"+strconv.Itoa(i)+".svg",
			strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg" width="`+strconv.Itoa(i+1)+`" height="10"/>`)); err != nil {
			t.Fatal(err)
		}
	}
	tok := apiToken(t, h, site, apitokens.NewToken{Scopes: []apitokens.Scope{"read_content"}})
	walk := func(field, args string, first int) []string {
		var ids []string
		after := ""
		for range 20 {
			q := `{ ` + field + `(first: ` + strconv.Itoa(first) + args + after + `) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`
			req, _ := http.NewRequest(http.MethodPost, "http://"+h.SiteHost("paging")+"/api/graphql", strings.NewReader(gql(q, nil)))
			req.Header = apiHeader(tok)
			res := h.Browser().Send(req)
			var r struct {
				Data map[string]struct {
					Edges    []struct{ Node struct{ ID string } }
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
			if err := json.Unmarshal([]byte(res.Body), &r); err != nil || res.Status != 200 {
				t.Fatalf("%s: %d %s", q, res.Status, res.Body)
			}
			c := r.Data[field]
			for _, e := range c.Edges {
				ids = append(ids, e.Node.ID)
			}
			if !c.PageInfo.HasNextPage {
				return ids
			}
			after = `, after: "` + c.PageInfo.EndCursor + `"`
		}
		t.Fatalf("%s never ends", field)
		return nil
	}
	for _, first := range []int{1, 2, 3, 100} {
		posts := walk("posts", `, status: DRAFT, query: "paged"`, first)
		images := walk("mediaItems", "", first)
		for name, ids := range map[string][]string{"posts": posts, "mediaItems": images} {
			seen := map[string]bool{}
			for _, id := range ids {
				if seen[id] {
					t.Errorf("%s first %d: %s twice in %v", name, first, id, ids)
				}
				seen[id] = true
			}
			if len(ids) < 5 {
				t.Errorf("%s first %d: %v, want at least 5", name, first, ids)
			}
		}
	}
}
