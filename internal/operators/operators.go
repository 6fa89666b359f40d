// Package operators owns the platform operator's own accounts (separate
// from site owners') and the platform-wide switches they control.
package operators

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrInvalidCredentials is the same for an unknown e-mail and a wrong
// password; it is the owners' error, and so fault.ErrUnauthenticated.
var ErrInvalidCredentials = accounts.ErrInvalidCredentials

// Operator is a person who runs the platform.
type Operator struct {
	ID        int64
	Email     string
	CreatedAt time.Time
}

// Store reads and writes operators and platform settings.
type Store struct {
	db *sqldb.DB
	// accounts lends its login throttling, so that the console's login is
	// as hard to guess at as an owner's.
	accounts *accounts.Store
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB, acc *accounts.Store) *Store { return &Store{db: db, accounts: acc} }

// Create adds an operator; the password follows the same policy as owners'.
func (s *Store) Create(ctx context.Context, email, password string) (Operator, error) {
	addr, problem := accounts.NormalizeEmail(email)
	var v fault.Invalid
	if problem != "" {
		v.Add("email", problem)
	}
	if p := accounts.PasswordProblem(password, addr); p != "" {
		v.Add("password", p)
	}
	if err := v.Err(); err != nil {
		return Operator{}, err
	}
	hash, err := s.accounts.HashPassword(ctx, password)
	if err != nil {
		return Operator{}, err
	}
	op := Operator{ID: sqldb.NewID(), Email: addr, CreatedAt: time.Now().UTC()}
	_, err = s.db.Exec(ctx, `INSERT INTO operators (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)`,
		op.ID, op.Email, hash, sqldb.Millis(op.CreatedAt))
	if sqldb.IsUniqueViolation(err) {
		return Operator{}, fault.Invalidf("email", "An operator with this e-mail already exists.")
	}
	if err != nil {
		return Operator{}, fmt.Errorf("create operator: %w", err)
	}
	return op, nil
}

// Count is the number of operators; the first start creates one when zero.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM operators`).Scan(&n)
	return n, err
}

// Emails lists every operator's address, for notices the console's people
// must hear of (a design request). At most 100: operators are a team.
func (s *Store) Emails(ctx context.Context) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT email FROM operators ORDER BY id LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("operator e-mails: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Authenticate checks an operator's e-mail and password, throttled per
// e-mail and IP address, and per IP address, like an owner's login.
func (s *Store) Authenticate(ctx context.Context, email, password, ip string) (Operator, error) {
	addr, _ := accounts.NormalizeEmail(email)
	var op Operator
	err := s.accounts.ThrottleLogin(ctx, "operator", email, ip, func() (bool, error) {
		var hash string
		var created int64
		err := s.db.QueryRow(ctx, `SELECT id, email, password_hash, created_at FROM operators WHERE email = ?`, addr).
			Scan(&op.ID, &op.Email, &hash, &created)
		if errors.Is(err, sql.ErrNoRows) {
			// Spend the same time as a real check so timing does not
			// reveal which e-mails are operators.
			_, err := s.accounts.HashPassword(ctx, password)
			return false, err
		}
		if err != nil {
			return false, fmt.Errorf("operator login: %w", err)
		}
		op.CreatedAt = sqldb.Time(created)
		return s.accounts.CheckPassword(ctx, hash, password)
	})
	if err != nil {
		return Operator{}, err
	}
	return op, nil
}

// ByID returns an operator.
func (s *Store) ByID(ctx context.Context, id int64) (Operator, error) {
	var op Operator
	var created int64
	err := s.db.QueryRow(ctx, `SELECT id, email, created_at FROM operators WHERE id = ?`, id).Scan(&op.ID, &op.Email, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Operator{}, fmt.Errorf("operator %d: %w", id, fault.ErrNotFound)
	}
	op.CreatedAt = sqldb.Time(created)
	return op, err
}

const maintenanceKey = "maintenance_retry"

// Maintenance returns the platform-wide Retry-After in seconds while the
// whole platform is in maintenance, and 0 otherwise.
func (s *Store) Maintenance(ctx context.Context) (int, error) {
	var v string
	err := s.db.QueryRow(ctx, `SELECT value FROM platform_settings WHERE key = ?`, maintenanceKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read maintenance: %w", err)
	}
	n, _ := strconv.Atoi(v)
	return n, nil
}

// SetMaintenance switches platform maintenance on (retry > 0) or off (0).
func (s *Store) SetMaintenance(ctx context.Context, retry int) error {
	if retry < 0 || retry > 7*24*3600 {
		return fault.Invalidf("retry_after", "Give between 1 second and 7 days, in seconds.")
	}
	var err error
	if retry == 0 {
		_, err = s.db.Exec(ctx, `DELETE FROM platform_settings WHERE key = ?`, maintenanceKey)
	} else {
		_, err = s.db.Exec(ctx, `INSERT INTO platform_settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, maintenanceKey, strconv.Itoa(retry))
	}
	if err != nil {
		return fmt.Errorf("set maintenance: %w", err)
	}
	s.db.Changed(ctx, sqldb.PlatformChange)
	return nil
}
