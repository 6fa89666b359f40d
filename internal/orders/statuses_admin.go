package orders

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrStatusNotFound is a status code the site does not have.
var ErrStatusNotFound = fmt.Errorf("order status: %w", fault.ErrNotFound)

// ErrStatusInUse refuses to delete a status that orders are in.
var ErrStatusInUse = fmt.Errorf("orders are in this status; move them to another one first: %w", fault.ErrConflict)

// ErrStatusBuiltIn refuses to delete one of the default statuses, which
// checkout and payments move orders to.
var ErrStatusBuiltIn = fmt.Errorf("the built-in statuses cannot be deleted, only renamed: %w", fault.ErrConflict)

var colourRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// StatusInput is the owner's form for a status. For a built-in status only
// the name, colour and Notify can change: what "paid" or "cancelled" mean
// is fixed.
type StatusInput struct {
	Name        string
	Colour      string
	Notify      bool
	IsCompleted bool
	IsCancelled bool
}

func (in *StatusInput) check() error {
	var v fault.Invalid
	in.Name = strings.TrimSpace(in.Name)
	in.Colour = strings.TrimSpace(in.Colour)
	if v.CheckText("name", in.Name) {
		switch {
		case in.Name == "":
			v.Add("name", "Give the status a name, such as “Ready for pickup”.")
		case len([]rune(in.Name)) > 60:
			v.Add("name", "Use at most 60 characters.")
		}
	}
	if in.Colour == "" {
		in.Colour = "#6b7280"
	}
	if !colourRE.MatchString(in.Colour) {
		v.Add("colour", "Choose a colour, written like #2563eb.")
	}
	if in.IsCompleted && in.IsCancelled {
		v.Add("is_cancelled", "A status cannot mean both completed and cancelled.")
	}
	return v.Err()
}

// statusCode makes a code from a name: "Ready for pickup" → "ready_for_pickup".
func statusCode(name string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-' || r == '_':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	code := strings.Trim(b.String(), "_")
	if len(code) > 40 {
		code = code[:40]
	}
	if code == "" {
		code = "status"
	}
	return code
}

// Status returns one of the site's statuses.
func (s *Store) Status(ctx context.Context, siteID int64, code string) (Status, error) {
	sts, err := s.Statuses(ctx, siteID)
	if err != nil {
		return Status{}, err
	}
	for _, st := range sts {
		if st.Code == code {
			return st, nil
		}
	}
	return Status{}, ErrStatusNotFound
}

// CreateStatus adds a status of the site's own, after the others, and
// returns its code.
func (s *Store) CreateStatus(ctx context.Context, siteID int64, in StatusInput) (string, error) {
	if err := in.check(); err != nil {
		return "", err
	}
	base := statusCode(in.Name)
	var code string
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := EnsureStatusesTx(ctx, tx, siteID, s.now()); err != nil {
			return err
		}
		var pos int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM order_statuses WHERE site_id = ?`, siteID).Scan(&pos); err != nil {
			return fmt.Errorf("new status: %w", err)
		}
		var same int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM order_statuses WHERE site_id = ? AND LOWER(name) = ?`,
			siteID, strings.ToLower(in.Name)).Scan(&same); err != nil {
			return fmt.Errorf("new status: %w", err)
		}
		if same > 0 {
			return fault.Invalidf("name", "There is already a status with this name.")
		}
		// The code is made from the name; a number is added while it is taken.
		for i := 1; ; i++ {
			code = base
			if i > 1 {
				code = fmt.Sprintf("%s_%d", base, i)
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM order_statuses WHERE site_id = ? AND code = ?`, siteID, code).Scan(&n); err != nil {
				return fmt.Errorf("new status: %w", err)
			}
			if n == 0 {
				break
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO order_statuses (site_id, code, name, colour, position, notify, is_completed, is_cancelled, is_default, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)`, siteID, code, in.Name, in.Colour, pos, in.Notify, in.IsCompleted, in.IsCancelled,
			sqldb.Millis(s.now()))
		if err != nil {
			return fmt.Errorf("new status: %w", err)
		}
		return nil
	})
	return code, err
}

// UpdateStatus changes one of the site's statuses.
func (s *Store) UpdateStatus(ctx context.Context, siteID int64, code string, in StatusInput) error {
	if err := in.check(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := EnsureStatusesTx(ctx, tx, siteID, s.now()); err != nil {
			return err
		}
		var builtIn bool
		if err := tx.QueryRow(ctx, `SELECT is_default FROM order_statuses WHERE site_id = ? AND code = ?`, siteID, code).Scan(&builtIn); err != nil {
			return ErrStatusNotFound
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM order_statuses WHERE site_id = ? AND code <> ? AND LOWER(name) = ?`,
			siteID, code, strings.ToLower(in.Name)).Scan(&n); err != nil {
			return fmt.Errorf("update status: %w", err)
		}
		if n > 0 {
			return fault.Invalidf("name", "There is already a status with this name.")
		}
		q := `UPDATE order_statuses SET name = ?, colour = ?, notify = ?, is_completed = ?, is_cancelled = ? WHERE site_id = ? AND code = ?`
		args := []any{in.Name, in.Colour, in.Notify, in.IsCompleted, in.IsCancelled, siteID, code}
		if builtIn {
			q = `UPDATE order_statuses SET name = ?, colour = ?, notify = ? WHERE site_id = ? AND code = ?`
			args = []any{in.Name, in.Colour, in.Notify, siteID, code}
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("update status: %w", err)
		}
		return nil
	})
}

// StatusUsage counts the site's orders in each status.
func (s *Store) StatusUsage(ctx context.Context, siteID int64) (map[string]int, error) {
	rows, err := s.db.Query(ctx, `SELECT status, COUNT(*) FROM orders WHERE site_id = ? GROUP BY status`, siteID)
	if err != nil {
		return nil, fmt.Errorf("status usage: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}

// DeleteStatus removes a status of the site's own that no order is in.
func (s *Store) DeleteStatus(ctx context.Context, siteID int64, code string) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var builtIn bool
		if err := tx.QueryRow(ctx, `SELECT is_default FROM order_statuses WHERE site_id = ? AND code = ?`+tx.ForUpdate(), siteID, code).Scan(&builtIn); err != nil {
			return ErrStatusNotFound
		}
		if builtIn {
			return ErrStatusBuiltIn
		}
		// The orders that would be left in a deleted status are checked in
		// the same transaction that deletes it; a status change to it
		// (SetStatus) reads the status row in its own transaction, which
		// SQLite serialises and PostgreSQL's row lock above orders.
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM orders WHERE site_id = ? AND status = ?`, siteID, code).Scan(&n); err != nil {
			return fmt.Errorf("delete status: %w", err)
		}
		if n > 0 {
			return ErrStatusInUse
		}
		if _, err := tx.Exec(ctx, `DELETE FROM order_statuses WHERE site_id = ? AND code = ?`, siteID, code); err != nil {
			return fmt.Errorf("delete status: %w", err)
		}
		return nil
	})
}
