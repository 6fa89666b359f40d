package catalog

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrImportNotFound is an import that is not the site's.
var ErrImportNotFound = fmt.Errorf("import: %w", fault.ErrNotFound)

// ImportStatus is where an import stands.
type ImportStatus string

// An import is uploaded and previewed, then confirmed (queued), worked on
// by the job (running), and ends done or failed.
const (
	ImportPreview ImportStatus = "preview"
	ImportQueued  ImportStatus = "queued"
	ImportRunning ImportStatus = "running"
	ImportDone    ImportStatus = "done"
	ImportFailed  ImportStatus = "failed"
)

// Finished reports whether the import has ended.
func (s ImportStatus) Finished() bool { return s == ImportDone || s == ImportFailed }

// Import is one uploaded product file and what became of it.
type Import struct {
	ID         int64
	SiteID     int64
	Status     ImportStatus
	Filename   string
	TotalRows  int
	DoneRows   int
	Created    int // products added
	Updated    int // products changed
	Errors     []RowError
	CreatedBy  int64
	CreatedAt  time.Time
	StartedAt  time.Time // zero until the job starts
	FinishedAt time.Time // zero until it ends
}

// Percent is how far the import has come, 0 to 100.
func (im Import) Percent() int {
	if im.Status.Finished() || im.TotalRows == 0 {
		if im.Status.Finished() {
			return 100
		}
		return 0
	}
	return im.DoneRows * 100 / im.TotalRows
}

// PreviewRows is how many rows a preview shows.
const PreviewRows = 20

// PreviewRow is one row of the file as it will be imported.
type PreviewRow struct {
	Row      int
	Handle   string
	Title    string
	Variant  string // its option values, "M / Red"
	SKU      string
	Price    string
	Stock    string // "" when the file leaves it alone
	Category string
	Update   bool // an existing product is changed
}

// Preview is what the owner confirms: the first rows, every problem, and
// how many products are added and how many changed.
type Preview struct {
	ImportID   int64
	TotalRows  int
	Products   int
	New        int
	Updated    int
	Rows       []PreviewRow
	Errors     []RowError
	MoreErrors int
}

// CanImport reports whether the file may be imported: it has products and
// no errors, so that a broken file changes nothing.
func (p *Preview) CanImport() bool { return p.Products > 0 && len(p.Errors) == 0 && p.MoreErrors == 0 }

// UseQueue gives the store the job queue that runs imports.
func (s *Store) UseQueue(q *jobs.Queue) { s.queue = q }

// siteCurrency is the shop's currency, for a file without a currency column.
func siteCurrency(ctx context.Context, q sqldb.Q, siteID int64) (string, error) {
	var c string
	if err := q.QueryRow(ctx, `SELECT currency FROM sites WHERE id = ?`, siteID).Scan(&c); err != nil {
		return "", fmt.Errorf("site currency: %w", err)
	}
	return c, nil
}

// Preview reads a product file and tells what importing it would do,
// without storing or changing anything.
func (s *Store) Preview(ctx context.Context, siteID int64, r io.Reader) (*Preview, error) {
	cur, err := siteCurrency(ctx, s.db, siteID)
	if err != nil {
		return nil, err
	}
	parsed, err := ParseCSV(r, cur)
	if err != nil {
		return nil, err
	}
	return s.preview(ctx, siteID, parsed)
}

func (s *Store) preview(ctx context.Context, siteID int64, parsed *Parsed) (*Preview, error) {
	matches, err := matchProducts(ctx, s.db, siteID, parsed.Products)
	if err != nil {
		return nil, err
	}
	p := &Preview{TotalRows: parsed.Rows, Products: len(parsed.Products), Errors: parsed.Errors, MoreErrors: parsed.MoreErrors}
	for i, ip := range parsed.Products {
		if matches[i] != 0 {
			p.Updated++
		} else {
			p.New++
		}
		digits := currencyDigits(ip.Input.Currency)
		for j, v := range ip.Input.Variants {
			if len(p.Rows) == PreviewRows {
				break
			}
			row := PreviewRow{Row: ip.VariantRows[j], Handle: ip.Input.Slug, Variant: strings.Join(v.OptionValues, " / "),
				SKU: v.SKU, Price: formatMoney(v.Price, digits) + " " + ip.Input.Currency, Update: matches[i] != 0}
			if j == 0 {
				row.Title, row.Category = ip.Input.Title, ip.Category
			}
			if ip.StockGiven[j] {
				row.Stock = strconv.Itoa(v.Stock)
			}
			p.Rows = append(p.Rows, row)
		}
	}
	return p, nil
}

// UploadImport stores a product file for the site and previews it; the
// import starts only when StartImport confirms it. A file that cannot be
// read at all is refused (a *fault.Invalid for "file") and not stored.
// maxProducts is the site's plan's product limit.
func (s *Store) UploadImport(ctx context.Context, siteID, accountID int64, maxProducts int, filename string, r io.Reader) (*Preview, error) {
	cur, err := siteCurrency(ctx, s.db, siteID)
	if err != nil {
		return nil, err
	}
	content, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	parsed, err := ParseCSV(bytes.NewReader(content), cur)
	if err != nil {
		return nil, err
	}
	p, err := s.preview(ctx, siteID, parsed)
	if err != nil {
		return nil, err
	}
	content = bytes.TrimPrefix(content, []byte{0xEF, 0xBB, 0xBF})
	// Files previewed and never confirmed are not kept past a day.
	if _, err := s.db.Exec(ctx, `DELETE FROM imports WHERE site_id = ? AND status = ? AND created_at < ?`,
		siteID, ImportPreview, sqldb.Millis(s.now().Add(-24*time.Hour))); err != nil {
		return nil, fmt.Errorf("forget old previews: %w", err)
	}
	errs, _ := json.Marshal(p.Errors)
	p.ImportID = sqldb.NewID()
	_, err = s.db.Exec(ctx, `INSERT INTO imports (site_id, id, status, filename, content, currency, max_products, total_rows,
		errors, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		siteID, p.ImportID, ImportPreview, cleanText(filename, 200), string(content), cur, maxProducts, parsed.Rows,
		string(errs), accountID, sqldb.Millis(s.now()))
	if err != nil {
		return nil, fmt.Errorf("store import: %w", err)
	}
	return p, nil
}

func cleanText(s string, n int) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "")
	if r := []rune(s); len(r) > n {
		s = string(r[:n])
	}
	return s
}

// ImportPreview previews a stored import again (the page after the upload).
func (s *Store) ImportPreview(ctx context.Context, siteID, id int64) (*Preview, error) {
	var content, cur string
	err := s.db.QueryRow(ctx, `SELECT content, currency FROM imports WHERE site_id = ? AND id = ? AND status = ?`,
		siteID, id, ImportPreview).Scan(&content, &cur)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrImportNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read import: %w", err)
	}
	parsed, err := ParseCSV(strings.NewReader(content), cur)
	if err != nil {
		return nil, err
	}
	p, err := s.preview(ctx, siteID, parsed)
	if p != nil {
		p.ImportID = id
	}
	return p, err
}

const importCols = `site_id, id, status, filename, total_rows, done_rows, created_count, updated_count, errors,
	created_by, created_at, started_at, finished_at`

// Import returns one import of the site.
func (s *Store) Import(ctx context.Context, siteID, id int64) (Import, error) {
	return scanImport(s.db.QueryRow(ctx, `SELECT `+importCols+` FROM imports WHERE site_id = ? AND id = ?`, siteID, id))
}

func scanImport(row rowScanner) (Import, error) {
	var im Import
	var status, errs string
	var created, started, finished int64
	err := row.Scan(&im.SiteID, &im.ID, &status, &im.Filename, &im.TotalRows, &im.DoneRows, &im.Created, &im.Updated,
		&errs, &im.CreatedBy, &created, &started, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return Import{}, ErrImportNotFound
	}
	if err != nil {
		return Import{}, fmt.Errorf("read import: %w", err)
	}
	im.Status = ImportStatus(status)
	if err := json.Unmarshal([]byte(errs), &im.Errors); err != nil {
		return Import{}, fmt.Errorf("read import errors: %w", err)
	}
	im.CreatedAt = sqldb.Time(created)
	if started != 0 {
		im.StartedAt = sqldb.Time(started)
	}
	if finished != 0 {
		im.FinishedAt = sqldb.Time(finished)
	}
	return im, nil
}

// StartImport confirms a previewed import: its job is queued in the same
// transaction. A file with errors cannot be started.
func (s *Store) StartImport(ctx context.Context, siteID, id int64) error {
	if s.queue == nil {
		return errors.New("start import: no job queue")
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var status, errs string
		err := tx.QueryRow(ctx, `SELECT status, errors FROM imports WHERE site_id = ? AND id = ?`+tx.ForUpdate(), siteID, id).Scan(&status, &errs)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrImportNotFound
		}
		if err != nil {
			return fmt.Errorf("start import: %w", err)
		}
		if ImportStatus(status) != ImportPreview {
			return nil // confirmed twice (a second click): already on its way
		}
		if errs != "[]" && errs != "null" {
			return fault.Invalidf("file", "Correct the errors in the file and upload it again: nothing was imported.")
		}
		if _, err := tx.Exec(ctx, `UPDATE imports SET status = ? WHERE site_id = ? AND id = ?`, ImportQueued, siteID, id); err != nil {
			return fmt.Errorf("start import: %w", err)
		}
		return s.queue.InsertTx(ctx, tx, ImportArgs{SiteID: siteID, ImportID: id}, nil)
	})
}

// matchProducts finds, for each product of a file, the existing product it
// updates (0 for a new one): the one with its handle, or else the one that
// has one of its variant SKUs.
func matchProducts(ctx context.Context, q sqldb.Q, siteID int64, ps []ImportProduct) ([]int64, error) {
	out := make([]int64, len(ps))
	bySlug := map[string]int64{}
	bySKU := map[string]int64{}
	const chunk = 500
	var slugs, skus []any
	for _, p := range ps {
		slugs = append(slugs, p.Input.Slug)
		for _, v := range p.Input.Variants {
			if v.SKU != "" {
				skus = append(skus, v.SKU)
			}
		}
	}
	read := func(query string, keys []any, into map[string]int64) error {
		for len(keys) > 0 {
			n := min(chunk, len(keys))
			rows, err := q.Query(ctx, fmt.Sprintf(query, placeholders(n)), append([]any{siteID}, keys[:n]...)...)
			if err != nil {
				return fmt.Errorf("match products: %w", err)
			}
			for rows.Next() {
				var k string
				var id int64
				if err := rows.Scan(&k, &id); err != nil {
					rows.Close()
					return err
				}
				into[k] = id
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			keys = keys[n:]
		}
		return nil
	}
	if err := read(`SELECT slug, id FROM products WHERE site_id = ? AND slug IN (%s)`, slugs, bySlug); err != nil {
		return nil, err
	}
	if err := read(`SELECT sku, product_id FROM product_variants WHERE site_id = ? AND sku IN (%s)`, skus, bySKU); err != nil {
		return nil, err
	}
	for i, p := range ps {
		if id, ok := bySlug[p.Input.Slug]; ok {
			out[i] = id
			continue
		}
		for _, v := range p.Input.Variants {
			if id, ok := bySKU[v.SKU]; ok && v.SKU != "" {
				out[i] = id
				break
			}
		}
	}
	return out, nil
}
