package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ImportArgs is the job that imports one confirmed file. IDs travel as JSON
// strings: see package jobs.
type ImportArgs struct {
	SiteID   int64 `json:"site_id,string"`
	ImportID int64 `json:"import_id,string"`
}

// Kind names the job in River's table.
func (ImportArgs) Kind() string { return "catalog.import" }

// ImportBatchRows is about how many rows one transaction of an import
// writes: small enough that SQLite's single writer is never held for more
// than a fraction of a second, so the shop keeps taking orders meanwhile.
// A product's rows are never split between two transactions.
const ImportBatchRows = 200

// importBatchTime ends a transaction early once it has been open this long
// (on a slow disk or a busy machine 200 rows may take longer).
const importBatchTime = 100 * time.Millisecond

// importOne imports one product inside its own savepoint, so that a
// product the database refuses (an address taken meanwhile) is reported and
// the others go on, on PostgreSQL too, where a failed statement would
// otherwise end the whole transaction.
func (s *Store) importOne(ctx context.Context, tx *sqldb.Tx, siteID int64, ip ImportProduct, existingID int64, cats *categoryIndex, actor int64) (bool, error) {
	// Categories first, outside the savepoint: once made they stay, and
	// the index that remembers them stays true.
	var catID int64
	if ip.Category != "" {
		var err error
		if catID, err = cats.ensure(ctx, tx, siteID, ip.Category, s.now()); err != nil {
			return false, err
		}
	}
	if _, err := tx.Exec(ctx, `SAVEPOINT import_product`); err != nil {
		return false, fmt.Errorf("savepoint: %w", err)
	}
	err := s.importProduct(ctx, tx, siteID, ip, existingID, catID, actor)
	if err != nil {
		if _, rerr := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT import_product`); rerr != nil {
			return false, fmt.Errorf("rollback to savepoint: %w", rerr)
		}
	}
	if _, rerr := tx.Exec(ctx, `RELEASE SAVEPOINT import_product`); rerr != nil {
		return false, fmt.Errorf("release savepoint: %w", rerr)
	}
	return existingID == 0, err
}

// ImportWorker runs imports.
type ImportWorker struct {
	river.WorkerDefaults[ImportArgs]
	store *Store
	// batchDone, when set, is told how long each batch's transaction took
	// (for tests and benchmarks).
	batchDone func(time.Duration)
}

// RegisterImport adds the import worker to the queue's workers.
func RegisterImport(workers *river.Workers, s *Store) {
	river.AddWorker(workers, &ImportWorker{store: s})
}

// Timeout lets a large file take its time; it commits as it goes.
func (w *ImportWorker) Timeout(*river.Job[ImportArgs]) time.Duration { return time.Hour }

// Work imports the file batch by batch. Progress is committed with each
// batch, so a job that is interrupted (a deploy) goes on after the last
// committed batch when River retries it; and since rows update by handle
// and SKU, a batch done twice changes nothing more.
func (w *ImportWorker) Work(ctx context.Context, job *river.Job[ImportArgs]) error {
	err := w.store.runImport(ctx, job.Args.SiteID, job.Args.ImportID, w.batchDone)
	if err != nil && job.Attempt >= job.MaxAttempts {
		// The last attempt: the report says so instead of "running".
		ferr := w.store.failImport(context.WithoutCancel(ctx), job.Args.SiteID, job.Args.ImportID,
			[]RowError{{Row: 1, Message: "The import stopped on an error of ours. Upload the file again; rows already imported are updated, not duplicated."}})
		return errors.Join(err, ferr)
	}
	return err
}

func (s *Store) runImport(ctx context.Context, siteID, id int64, batchDone func(time.Duration)) error {
	var status, content, cur string
	var maxProducts, doneRows, created, updated int
	var createdBy int64
	err := s.db.QueryRow(ctx, `SELECT status, content, currency, max_products, done_rows, created_count, updated_count, created_by
		FROM imports WHERE site_id = ? AND id = ?`, siteID, id).Scan(&status, &content, &cur, &maxProducts, &doneRows, &created, &updated, &createdBy)
	if errors.Is(err, sql.ErrNoRows) {
		return river.JobCancel(ErrImportNotFound)
	}
	if err != nil {
		return fmt.Errorf("import %d: %w", id, err)
	}
	if ImportStatus(status).Finished() || ImportStatus(status) == ImportPreview {
		return nil
	}
	now := sqldb.Millis(s.now())
	if _, err := s.db.Exec(ctx, `UPDATE imports SET status = ?, started_at = ? WHERE site_id = ? AND id = ? AND started_at = 0`,
		ImportRunning, now, siteID, id); err != nil {
		return fmt.Errorf("import %d: %w", id, err)
	}
	parsed, err := ParseCSV(strings.NewReader(content), cur)
	if err != nil {
		return s.failImport(ctx, siteID, id, []RowError{{Row: 1, Message: err.Error()}})
	}
	var rowErrors []RowError
	cats, err := s.categoryIndex(ctx, siteID)
	if err != nil {
		return err
	}
	done := 0 // rows of the products already imported, in file order
	next := 0 // the first product not imported yet
	for next < len(parsed.Products) && done+len(parsed.Products[next].VariantRows) <= doneRows {
		done += len(parsed.Products[next].VariantRows) // committed by an earlier attempt
		next++
	}
	for next < len(parsed.Products) {
		began := time.Now()
		var batchErrs []RowError
		var c, u, taken, rows int
		err := s.inTx(ctx, siteID, func(tx *sqldb.Tx) error {
			batchErrs, c, u, taken, rows = nil, 0, 0, 0, 0
			end, n := next, 0
			for end < len(parsed.Products) && (n == 0 || n+len(parsed.Products[end].VariantRows) <= ImportBatchRows) {
				n += len(parsed.Products[end].VariantRows)
				end++
			}
			batch := parsed.Products[next:end]
			matches, err := matchProducts(ctx, tx, siteID, batch)
			if err != nil {
				return err
			}
			count := 0
			if maxProducts != plans.Unlimited {
				if count, err = productCount(ctx, tx, siteID); err != nil {
					return err
				}
			}
			for i, ip := range batch {
				// The transaction ends early when it has taken its share
				// of time: the next one goes on from here.
				if i > 0 && time.Since(began) > importBatchTime {
					break
				}
				taken++
				rows += len(ip.VariantRows)
				if matches[i] == 0 && !plans.Allows(maxProducts, count+1) {
					batchErrs = append(batchErrs, RowError{Row: ip.Row, Column: "handle",
						Message: "Your plan's product limit is reached: this product was not added."})
					continue
				}
				created, err := s.importOne(ctx, tx, siteID, ip, matches[i], cats, createdBy)
				if err != nil {
					fields, ok := fault.AsInvalid(err)
					if !ok {
						return fmt.Errorf("import row %d: %w", ip.Row, err)
					}
					for k, msg := range fields {
						row, col := ip.locate(k)
						batchErrs = append(batchErrs, RowError{Row: row, Column: col, Message: msg})
					}
				} else if created {
					c++
					count++
				} else {
					u++
				}
			}
			allErrs := append(append([]RowError(nil), rowErrors...), batchErrs...)
			errs, _ := json.Marshal(allErrs[:min(len(allErrs), MaxListedErrors)])
			_, err = tx.Exec(ctx, `UPDATE imports SET done_rows = ?, created_count = created_count + ?, updated_count = updated_count + ?,
				errors = ? WHERE site_id = ? AND id = ?`, done+rows, c, u, string(errs), siteID, id)
			return err
		})
		if batchDone != nil {
			batchDone(time.Since(began))
		}
		if err != nil {
			cats.reset()
			return fmt.Errorf("import %d: %w", id, err)
		}
		cats.commit()
		rowErrors = append(rowErrors, batchErrs...)
		next += taken
		done += rows
	}
	status = string(ImportDone)
	_, err = s.db.Exec(ctx, `UPDATE imports SET status = ?, content = '', done_rows = total_rows, finished_at = ? WHERE site_id = ? AND id = ?`,
		status, sqldb.Millis(s.now()), siteID, id)
	if err != nil {
		return fmt.Errorf("import %d: %w", id, err)
	}
	return nil
}

func (s *Store) failImport(ctx context.Context, siteID, id int64, errs []RowError) error {
	b, _ := json.Marshal(errs)
	_, err := s.db.Exec(ctx, `UPDATE imports SET status = ?, content = '', errors = ?, finished_at = ? WHERE site_id = ? AND id = ?`,
		ImportFailed, string(b), sqldb.Millis(s.now()), siteID, id)
	return err
}

// importProduct creates or updates one product of a file inside tx.
func (s *Store) importProduct(ctx context.Context, tx *sqldb.Tx, siteID int64, ip ImportProduct, existingID, catID int64, actor int64) error {
	in := ip.Input
	in.Options = cloneOptions(in.Options)
	in.Variants = append([]VariantInput(nil), in.Variants...)
	var catIDs []int64
	if catID != 0 {
		catIDs = append(catIDs, catID)
	}
	var old Product
	if existingID != 0 {
		var err error
		if old, err = s.productWhere(ctx, tx, siteID, `p.id = ?`, existingID); err != nil {
			return err
		}
		if in.Status == "" {
			in.Status = old.Status
		}
		// What the file does not hold stays: images, other categories,
		// and each kept variant's ID, stock, threshold and image.
		for _, im := range old.Images {
			in.Images = append(in.Images, ImageInput{MediaID: im.MediaID, Alt: im.Alt})
		}
		for _, c := range old.Categories {
			catIDs = append(catIDs, c.ID)
		}
		used := map[int64]bool{}
		for i := range in.Variants {
			v := &in.Variants[i]
			if ov, ok := matchVariant(old.Variants, *v, len(in.Options) == 0, used); ok {
				used[ov.ID] = true
				v.ID, v.LowStockThreshold, v.ImageMediaID = ov.ID, ov.LowStockThreshold, ov.ImageMediaID
			}
		}
	}
	in.CategoryIDs = catIDs
	if err := in.normalize(); err != nil {
		return err
	}
	if _, err := s.write(ctx, tx, siteID, existingID, in); err != nil {
		return err
	}
	if existingID == 0 {
		return nil
	}
	// The file's stock of a kept variant: set, with the change recorded.
	now := sqldb.Millis(s.now())
	for i, v := range in.Variants {
		if v.ID == 0 || !ip.StockGiven[i] {
			continue
		}
		for _, pv := range old.Variants {
			if pv.ID != v.ID || pv.Stock == v.Stock {
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE product_variants SET stock = ? WHERE site_id = ? AND id = ?`, v.Stock, siteID, v.ID); err != nil {
				return fmt.Errorf("set stock: %w", err)
			}
			if err := s.recordMovement(ctx, tx, siteID, v.ID, v.Stock-pv.Stock, v.Stock, "CSV import", actor, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// matchVariant finds the existing variant a row updates: by SKU, else by
// its option values (or the one variant of a product without options).
func matchVariant(old []Variant, v VariantInput, single bool, used map[int64]bool) (Variant, bool) {
	if v.SKU != "" {
		for _, ov := range old {
			if ov.SKU == v.SKU && !used[ov.ID] {
				return ov, true
			}
		}
	}
	if single && len(old) == 1 && !used[old[0].ID] {
		return old[0], true
	}
	key := strings.ToLower(strings.Join(v.OptionValues, "\x00"))
	for _, ov := range old {
		if len(ov.OptionValues) > 0 && strings.ToLower(strings.Join(ov.OptionValues, "\x00")) == key && !used[ov.ID] {
			return ov, true
		}
	}
	return Variant{}, false
}
