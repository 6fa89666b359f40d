package admin

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
)

// importPath receives the product file upload: like the media library's
// upload, its multipart body may be larger than a form (see UploadPaths),
// and the handler caps it at the file limit.
const importPath = "/admin/products/import"

// importsPath is where one import's preview, progress and report live. It
// is not under /admin/products/, whose {id} routes would be ambiguous with it.
const importsPath = "/admin/imports"

// importPage is the import's one page at each stage: the upload form (with
// the problem of a refused file), the preview, the progress, the report.
type importPage struct {
	Problem   string
	Preview   *catalog.Preview
	Import    *catalog.Import
	Columns   []string
	MaxErrors int
}

func (a *Admin) importForm(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.render(w, r, http.StatusOK, "import.html", "Import products", nil, importPage{Columns: catalog.Columns})
}

// uploadImport stores the file and shows its preview; nothing is imported
// until the owner confirms.
func (a *Admin) uploadImport(w http.ResponseWriter, r *http.Request, st *state) error {
	refuse := func(msg string) error {
		return a.render(w, r, http.StatusUnprocessableEntity, "import.html", "Import products", nil,
			importPage{Problem: msg, Columns: catalog.Columns})
	}
	r.Body = http.MaxBytesReader(w, r.Body, catalog.MaxImportBytes+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return refuse("Choose a CSV file to import.")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return refuse("Choose a CSV file to import.")
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return refuse(catalog.MsgTooLarge)
		}
		if err != nil {
			return refuse("The upload was cut off. Try again.")
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		p, err := a.d.Catalog.UploadImport(r.Context(), st.site.ID, st.account.ID, st.site.Entitlements().Products, part.FileName(), part)
		part.Close()
		if errors.As(err, &tooLarge) {
			return refuse(catalog.MsgTooLarge)
		}
		if fields, ok := fault.AsInvalid(err); ok && fields["file"] != "" {
			return refuse(fields["file"])
		}
		if err != nil {
			return err
		}
		return done(w, r, fmt.Sprintf("%s/%d", importsPath, p.ImportID), "")
	}
}

// importStatus shows a stored import: its preview before it is confirmed,
// then its progress (the page reloads itself every 2 seconds), then its
// report.
func (a *Admin) importStatus(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	im, err := a.d.Catalog.Import(r.Context(), st.site.ID, id)
	if err != nil {
		return err
	}
	d := importPage{Import: &im, MaxErrors: catalog.MaxListedErrors}
	title := "Importing products"
	if im.Status == catalog.ImportPreview {
		title = "Check the import"
		if d.Preview, err = a.d.Catalog.ImportPreview(r.Context(), st.site.ID, id); err != nil {
			return err
		}
	} else if im.Status.Finished() {
		title = "Import finished"
	}
	return a.render(w, r, http.StatusOK, "import.html", title, nil, d)
}

func (a *Admin) startImport(w http.ResponseWriter, r *http.Request, st *state) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.d.Catalog.StartImport(r.Context(), st.site.ID, id); err != nil {
		return err
	}
	return done(w, r, fmt.Sprintf("%s/%d", importsPath, id), "")
}

// exportProducts streams every product as CSV.
func (a *Admin) exportProducts(w http.ResponseWriter, r *http.Request, st *state) error {
	name := fmt.Sprintf("%s-products-%s.csv", st.site.Name, a.now().UTC().Format("2006-01-02"))
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	// Once the first bytes are out, an error can only cut the file short;
	// the log has it.
	if err := a.d.Catalog.Export(r.Context(), st.site.ID, w); err != nil {
		a.d.Logger.ErrorContext(r.Context(), "export products", "site", st.site.ID, "err", err)
	}
	return nil
}

// feedsPage lists the site's feed addresses.
type feedsPage struct {
	Feeds []feedLink
}

type feedLink struct {
	Name, URL, Help string
}

var feedNames = map[catalog.FeedKind][2]string{
	catalog.FeedGoogle:  {"Google Merchant Center", "Add it in Merchant Center under Products → Feeds as a scheduled fetch."},
	catalog.FeedHeureka: {"Heureka", "Give it to Heureka as your XML feed."},
	catalog.FeedJSON:    {"JSON", "For your own tools: every active product with its variants."},
}

func (a *Admin) feeds(w http.ResponseWriter, r *http.Request, st *state) error {
	token, err := a.d.Catalog.FeedToken(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	base := a.d.Config.SiteURL(st.site.Name)
	if r.Host != "" {
		base = a.d.Config.PublicScheme + "://" + r.Host
	}
	var d feedsPage
	for _, k := range catalog.FeedKinds {
		d.Feeds = append(d.Feeds, feedLink{Name: feedNames[k][0], Help: feedNames[k][1], URL: base + "/feeds/" + token + "/" + string(k)})
	}
	return a.render(w, r, http.StatusOK, "feeds.html", "Product feeds", nil, d)
}

// newFeedAddress replaces the feed token, after a confirmation: whoever
// fetches the old addresses gets a 404 from now on.
func (a *Admin) newFeedAddress(w http.ResponseWriter, r *http.Request, st *state) error {
	if !confirmed(r) {
		return a.confirm(w, r, confirmation{Heading: "New feed addresses?",
			Message: "The current addresses stop working at once. Give the new ones to Google, Heureka and anyone else who reads your feeds.",
			Action:  "/admin/feeds/new-address", Button: "Make new addresses", Cancel: "/admin/feeds"})
	}
	if _, err := a.d.Catalog.NewFeedToken(r.Context(), st.site.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/feeds", "The feeds have new addresses; the old ones no longer work.")
}

// samplesPage offers to delete the sample products a new shop starts with.
type samplesPage struct {
	Samples []catalog.Product
}

func (a *Admin) samplesPage(w http.ResponseWriter, r *http.Request, st *state) error {
	ps, err := a.d.Catalog.SampleProducts(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "samples.html", "Sample products", nil, samplesPage{Samples: ps})
}

func (a *Admin) deleteSamples(w http.ResponseWriter, r *http.Request, st *state) error {
	n, err := a.d.Catalog.DeleteSampleProducts(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	msg := "There were no sample products left."
	if n > 0 {
		msg = strconv.Itoa(n) + " sample products deleted."
	}
	return done(w, r, "/admin/products", msg)
}
