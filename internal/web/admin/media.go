package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// uploadPath receives the library's upload form: the one address whose
// multipart body may be larger than a form (see UploadPaths).
const uploadPath = "/admin/media/upload"

// UploadPaths are the admin's addresses that take large multipart bodies;
// the server's body limit lets these through to their handler, which caps
// them by the site's plan.
func UploadPaths() []string { return []string{uploadPath, importPath} }

// mediaCard is one image of the library's grid.
type mediaCard struct {
	media.Media
	Size string
}

type mediaLibrary struct {
	List     media.List
	Cards    []mediaCard
	Query    string
	Unused   bool
	Storage  mediaStorage
	Problems []string // what went wrong with an upload, one sentence a file
	Added    []string // what the same upload added
	CanPlan  bool
	MaxFile  string
	Prev     string
	Next     string
}

// mediaStorage is the plan's media storage and how much of it is used.
type mediaStorage struct {
	Used, Limit         int64
	UsedText, LimitText string
	Full                bool // 90 % or more
}

func (a *Admin) mediaStorage(ctx context.Context, st *state) (mediaStorage, error) {
	used, err := a.d.Media.UsedBytes(ctx, st.site.ID)
	if err != nil {
		return mediaStorage{}, err
	}
	limit := int64(st.site.Entitlements().StorageMB) << 20
	return mediaStorage{Used: used, Limit: limit, UsedText: media.FormatSize(used), LimitText: media.FormatSize(limit),
		Full: limit > 0 && used*10 >= limit*9}, nil
}

func (a *Admin) mediaLibrary(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.renderLibrary(w, r, st, http.StatusOK, nil, nil)
}

// renderLibrary shows the library with the outcome of an upload, if any.
func (a *Admin) renderLibrary(w http.ResponseWriter, r *http.Request, st *state, status int, problems, added []string) error {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	d := mediaLibrary{Query: strings.TrimSpace(q.Get("q")), Unused: q.Get("unused") == "1", Problems: problems, Added: added,
		CanPlan: st.member.Role.Can(accounts.PermPlan), MaxFile: media.FormatSize(media.MaxFileBytes)}
	var err error
	if d.List, err = a.d.Media.List(r.Context(), st.site.ID, media.ListOptions{Query: d.Query, Unused: d.Unused, Page: page}); err != nil {
		return err
	}
	if d.Storage, err = a.mediaStorage(r.Context(), st); err != nil {
		return err
	}
	for _, m := range d.List.Items {
		d.Cards = append(d.Cards, mediaCard{Media: m, Size: media.FormatSize(m.Bytes)})
	}
	pageURL := func(p int) string {
		v := url.Values{}
		if d.Query != "" {
			v.Set("q", d.Query)
		}
		if d.Unused {
			v.Set("unused", "1")
		}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return "/admin/media"
		}
		return "/admin/media?" + v.Encode()
	}
	if d.List.Page > 1 {
		d.Prev = pageURL(d.List.Page - 1)
	}
	if d.List.Page < d.List.Pages {
		d.Next = pageURL(d.List.Page + 1)
	}
	return a.render(w, r, status, "media.html", "Media", nil, d)
}

// uploadMedia adds the files of the upload form (chosen with the button or
// dropped on the page) one by one: each is recognised, checked against the
// plan and stored, or refused with its own sentence, and a refusal of one
// leaves the others added.
func (a *Admin) uploadMedia(w http.ResponseWriter, r *http.Request, st *state) error {
	plan := st.site.Entitlements()
	r.Body = http.MaxBytesReader(w, r.Body, media.MaxUploadBytes(plan))
	mr, err := r.MultipartReader()
	if err != nil {
		return a.uploadAnswer(w, r, st, http.StatusBadRequest, []string{"Choose one or more pictures to upload."}, nil)
	}
	var problems, added []string
	files, tooLarge := 0, false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tooLarge = isTooLarge(err)
			problems = append(problems, uploadCut(tooLarge))
			break
		}
		if part.FormName() != "file" || part.FileName() == "" {
			part.Close()
			continue
		}
		if files++; files > media.MaxFilesPerUpload {
			part.Close()
			problems = append(problems, fmt.Sprintf("Upload at most %d files at a time; the others were not added.", media.MaxFilesPerUpload))
			break
		}
		up, err := a.d.Media.Upload(r.Context(), st.site.ID, plan, part.FileName(), part)
		part.Close()
		if fields, ok := fault.AsInvalid(err); ok {
			problems = append(problems, fields["file"])
			continue
		}
		if isTooLarge(err) {
			tooLarge = true
			problems = append(problems, uploadCut(true))
			break
		}
		if err != nil {
			return err
		}
		if up.Duplicate {
			added = append(added, "“"+part.FileName()+"” is already in your library as “"+up.Filename+"”.")
		} else {
			added = append(added, "“"+up.Filename+"” added.")
		}
	}
	if files == 0 && len(problems) == 0 {
		problems = append(problems, "Choose one or more pictures to upload.")
	}
	if len(problems) > 0 {
		status := http.StatusUnprocessableEntity
		if tooLarge {
			status = http.StatusRequestEntityTooLarge
		}
		return a.uploadAnswer(w, r, st, status, problems, added)
	}
	if wantsJSON(r) {
		return a.uploadAnswer(w, r, st, http.StatusOK, nil, added)
	}
	return done(w, r, "/admin/media", strings.Join(added, " "))
}

// uploadResult is the upload's answer to media.js, which sends each
// dropped file on its own and shows its progress and outcome in place.
type uploadResult struct {
	Added    []string `json:"added"`
	Problems []string `json:"problems"`
}

// wantsJSON reports whether the upload came from media.js.
func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Accept"), "application/json")
}

// uploadAnswer answers an upload: the library page with what happened, or
// for media.js the same sentences as JSON.
func (a *Admin) uploadAnswer(w http.ResponseWriter, r *http.Request, st *state, status int, problems, added []string) error {
	if !wantsJSON(r) {
		return a.renderLibrary(w, r, st, status, problems, added)
	}
	b, err := json.Marshal(uploadResult{Added: added, Problems: problems})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(b)
	return err
}

func isTooLarge(err error) bool {
	var m *http.MaxBytesError
	return errors.As(err, &m)
}

// uploadCut explains an upload that stopped before its end.
func uploadCut(tooLarge bool) string {
	if tooLarge {
		return fmt.Sprintf("The files together are more than we accept at once. Upload at most %d files of up to %s each; the files before the limit were added.",
			media.MaxFilesPerUpload, media.FormatSize(media.MaxFileBytes))
	}
	return "The upload was cut short, so the rest of it was not added. Try again."
}

// mediaItem is the page of one image.
type mediaItem struct {
	Media   media.Media
	Size    string
	URL     string // the original on the site's own address
	Uses    []useView
	Confirm string // the question the delete button asks
}

// useView is one place an image is shown, for people.
type useView struct {
	Label, URL string
}

func (a *Admin) findMedia(r *http.Request, st *state) (media.Media, error) {
	id, err := pathID(r)
	if err != nil {
		return media.Media{}, err
	}
	return a.d.Media.Get(r.Context(), st.site.ID, id)
}

func (a *Admin) mediaItemData(r *http.Request, st *state, m media.Media) (mediaItem, error) {
	uses, err := a.d.Media.Uses(r.Context(), st.site.ID, m.ID)
	if err != nil {
		return mediaItem{}, err
	}
	d := mediaItem{Media: m, Size: media.FormatSize(m.Bytes), URL: a.d.Config.SiteURL(st.site.Name) + m.URL()}
	for _, u := range uses {
		d.Uses = append(d.Uses, a.describeUse(r.Context(), st, u))
	}
	d.Confirm = deleteWarning(m, d.Uses)
	return d, nil
}

// describeUse names a place an image is used and links to it. Each owner
// kind that records uses adds its words here.
func (a *Admin) describeUse(ctx context.Context, st *state, u media.Use) useView {
	id := strconv.FormatInt(u.OwnerID, 10)
	switch u.OwnerKind {
	case "page":
		if p, err := a.d.Pages.ByID(ctx, st.site.ID, u.OwnerID); err == nil {
			return useView{Label: "Page “" + p.Title + "”", URL: "/admin/pages/" + id}
		}
		return useView{Label: "A page that no longer exists"}
	case pages.SocialImageUse:
		if p, err := a.d.Pages.ByID(ctx, st.site.ID, u.OwnerID); err == nil {
			return useView{Label: "Sharing image of the page “" + p.Title + "”", URL: "/admin/pages/" + id + "/settings"}
		}
		return useView{Label: "A page that no longer exists"}
	case "product":
		if p, err := a.d.Catalog.Product(ctx, st.site.ID, u.OwnerID); err == nil {
			return useView{Label: "Product “" + p.Title + "”", URL: "/admin/products/" + id}
		}
		return useView{Label: "A product that no longer exists"}
	}
	return useView{Label: strings.ToUpper(u.OwnerKind[:1]) + u.OwnerKind[1:] + " " + id}
}

// deleteWarning is what a person is asked before deleting m.
func deleteWarning(m media.Media, uses []useView) string {
	if len(uses) == 0 {
		return "“" + m.Filename + "” is not used anywhere on your site. Deleting it removes it from your library and frees " +
			media.FormatSize(m.Bytes) + ". This cannot be undone."
	}
	labels := make([]string, len(uses))
	for i, u := range uses {
		labels[i] = u.Label
	}
	places := "1 place"
	if len(uses) > 1 {
		places = strconv.Itoa(len(uses)) + " places"
	}
	return "“" + m.Filename + "” is used in " + places + ": " + strings.Join(labels, ", ") +
		". If you delete it, those places show no picture until you choose another. This cannot be undone."
}

func (a *Admin) mediaItem(w http.ResponseWriter, r *http.Request, st *state) error {
	m, err := a.findMedia(r, st)
	if err != nil {
		return err
	}
	d, err := a.mediaItemData(r, st, m)
	if err != nil {
		return err
	}
	f := &ui.Form{Values: url.Values{"alt": {m.Alt}}}
	return a.render(w, r, http.StatusOK, "media_item.html", m.Filename, f, d)
}

func (a *Admin) saveMediaAlt(w http.ResponseWriter, r *http.Request, st *state) error {
	m, err := a.findMedia(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	if err := a.d.Media.SetAlt(r.Context(), st.site.ID, m.ID, f.Raw("alt")); err != nil {
		if !f.Absorb(err) {
			return err
		}
		d, err := a.mediaItemData(r, st, m)
		if err != nil {
			return err
		}
		return a.render(w, r, http.StatusUnprocessableEntity, "media_item.html", m.Filename, f, d)
	}
	return done(w, r, "/admin/media/"+strconv.FormatInt(m.ID, 10), "Alt text saved.")
}

func (a *Admin) confirmDeleteMedia(w http.ResponseWriter, r *http.Request, st *state) error {
	m, err := a.findMedia(r, st)
	if err != nil {
		return err
	}
	d, err := a.mediaItemData(r, st, m)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Delete “" + m.Filename + "”?", Message: d.Confirm,
		Action: "/admin/media/" + strconv.FormatInt(m.ID, 10) + "/delete", Button: "Delete image",
		Cancel: "/admin/media/" + strconv.FormatInt(m.ID, 10)})
}

// deleteMedia deletes an image once the person has confirmed, having been
// told where it is used; the confirmation is what forces it out of those
// places.
func (a *Admin) deleteMedia(w http.ResponseWriter, r *http.Request, st *state) error {
	m, err := a.findMedia(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmDeleteMedia(w, r, st)
	}
	if err := a.d.Media.Delete(r.Context(), st.site.ID, m.ID, true); err != nil {
		return err
	}
	return done(w, r, "/admin/media", "“"+m.Filename+"” deleted.")
}
