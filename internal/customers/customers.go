// Package customers owns a shop's own customer accounts: per site (the
// same person on two shops has two accounts), with an e-mail address and a
// password hashed by the platform's hasher, their sessions (only ever valid
// on the site that started them), their saved addresses, and the claiming
// of a guest order when the shopper creates an account after it.
package customers

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// ErrNotFound is a customer that is not the site's.
var ErrNotFound = fmt.Errorf("customer: %w", fault.ErrNotFound)

// ErrBadLogin is a wrong e-mail or password; which of the two is not said.
var ErrBadLogin = fmt.Errorf("customer login: %w", fault.ErrUnauthenticated)

// SessionTTL is how long a customer stays logged in.
const SessionTTL = 30 * 24 * time.Hour

// Customer is a shop's customer.
type Customer struct {
	ID          int64
	SiteID      int64
	Email       string
	Name        string
	Phone       string
	Note        string
	HasPassword bool
	CreatedAt   time.Time
}

// SavedAddress is an address a customer keeps for checkout.
type SavedAddress struct {
	ID        int64
	Address   orders.Address
	IsDefault bool
}

// Hasher hashes and checks passwords (the accounts store does, with
// argon2id on a bounded number of cores).
type Hasher interface {
	HashPassword(ctx context.Context, pw string) (string, error)
	CheckPassword(ctx context.Context, hash, pw string) (bool, error)
}

// Store reads and writes customers.
type Store struct {
	db     *sqldb.DB
	hasher Hasher
	now    func() time.Time
	// events, when set, is told of a new customer (customers/create) in
	// the transaction that creates it.
	events func(ctx context.Context, tx *sqldb.Tx, siteID int64, topic string, payload any) error
}

// UseEvents has a new customer announced through f (the webhooks' outbox),
// in the transaction that creates it.
func (s *Store) UseEvents(f func(ctx context.Context, tx *sqldb.Tx, siteID int64, topic string, payload any) error) {
	s.events = f
}

// NewStore returns a Store on db hashing with h.
func NewStore(db *sqldb.DB, h Hasher) *Store { return &Store{db: db, hasher: h, now: time.Now} }

const customerCols = `id, site_id, email, name, phone, note, password_hash <> '', created_at`

func scanCustomer(row interface{ Scan(...any) error }) (Customer, error) {
	var c Customer
	var at int64
	err := row.Scan(&c.ID, &c.SiteID, &c.Email, &c.Name, &c.Phone, &c.Note, &c.HasPassword, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Customer{}, ErrNotFound
	}
	if err != nil {
		return Customer{}, fmt.Errorf("read customer: %w", err)
	}
	c.CreatedAt = sqldb.Time(at)
	return c, nil
}

// Get reads a customer of the site.
func (s *Store) Get(ctx context.Context, siteID, id int64) (Customer, error) {
	return scanCustomer(s.db.QueryRow(ctx, `SELECT `+customerCols+` FROM customers WHERE site_id = ? AND id = ?`, siteID, id))
}

// Register creates a customer with a password and starts a session,
// returning its token. When orderToken is set (the "create an account"
// offer after a guest order), that order is linked to the new account if
// it was placed with the same e-mail address.
func (s *Store) Register(ctx context.Context, siteID int64, email, password, name, orderToken string) (Customer, string, error) {
	email, msg := accounts.NormalizeEmail(email)
	var bad fault.Invalid
	if msg != "" {
		bad.Add("email", msg)
	}
	if p := accounts.PasswordProblem(password, email); p != "" {
		bad.Add("password", p)
	}
	name = strings.TrimSpace(name)
	if len(name) > 200 {
		bad.Add("name", "Use at most 200 characters.")
	}
	if err := bad.Err(); err != nil {
		return Customer{}, "", err
	}
	hash, err := s.hasher.HashPassword(ctx, password)
	if err != nil {
		return Customer{}, "", err
	}
	c := Customer{ID: sqldb.NewID(), SiteID: siteID, Email: email, Name: name, HasPassword: true, CreatedAt: s.now()}
	token := sqldb.NewToken()
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		now := sqldb.Millis(c.CreatedAt)
		_, err := tx.Exec(ctx, `INSERT INTO customers (site_id, id, email, email_key, password_hash, name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, siteID, c.ID, email, email, hash, name, now, now)
		if sqldb.IsUniqueViolation(err) {
			return fault.Invalidf("email", "There is already an account with this e-mail address. Log in instead.")
		}
		if err != nil {
			return fmt.Errorf("register customer: %w", err)
		}
		if orderToken != "" {
			if _, err := tx.Exec(ctx, `UPDATE orders SET customer_id = ? WHERE site_id = ? AND token = ? AND email = ? AND customer_id IS NULL`,
				c.ID, siteID, orderToken, email); err != nil {
				return fmt.Errorf("claim order: %w", err)
			}
		}
		if s.events != nil {
			if err := s.events(ctx, tx, siteID, "customers/create", map[string]any{"id": c.ID, "email": c.Email,
				"name": c.Name, "created_at": c.CreatedAt.UTC()}); err != nil {
				return err
			}
		}
		return startSessionTx(ctx, tx, siteID, c.ID, token, c.CreatedAt)
	})
	if err != nil {
		return Customer{}, "", err
	}
	return c, token, nil
}

func startSessionTx(ctx context.Context, tx *sqldb.Tx, siteID, customerID int64, token string, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO customer_sessions (site_id, token_hash, customer_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		siteID, sqldb.HashToken(token), customerID, sqldb.Millis(now), sqldb.Millis(now.Add(SessionTTL)))
	if err != nil {
		return fmt.Errorf("customer session: %w", err)
	}
	return nil
}

// Login checks a customer's e-mail and password on this site and starts a
// session, returning its token. A wrong address and a wrong password get
// the same answer, after the same work.
func (s *Store) Login(ctx context.Context, siteID int64, email, password string) (Customer, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var id int64
	var hash string
	err := s.db.QueryRow(ctx, `SELECT id, password_hash FROM customers WHERE site_id = ? AND email_key = ?`, siteID, email).Scan(&id, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Customer{}, "", fmt.Errorf("customer login: %w", err)
	}
	if hash == "" {
		// Spend the time a check would, so that timing does not tell
		// whether the address has an account.
		_, _ = s.hasher.HashPassword(ctx, password)
		return Customer{}, "", ErrBadLogin
	}
	ok, err := s.hasher.CheckPassword(ctx, hash, password)
	if err != nil {
		return Customer{}, "", err
	}
	if !ok {
		return Customer{}, "", ErrBadLogin
	}
	token := sqldb.NewToken()
	if err := s.db.InTx(ctx, func(tx *sqldb.Tx) error { return startSessionTx(ctx, tx, siteID, id, token, s.now()) }); err != nil {
		return Customer{}, "", err
	}
	c, err := s.Get(ctx, siteID, id)
	return c, token, err
}

// BySession returns the customer logged in with token on this site. A
// session started on another site is not found here.
func (s *Store) BySession(ctx context.Context, siteID int64, token string) (Customer, error) {
	if token == "" || len(token) > 100 {
		return Customer{}, ErrNotFound
	}
	return scanCustomer(s.db.QueryRow(ctx, `SELECT c.id, c.site_id, c.email, c.name, c.phone, c.note, c.password_hash <> '', c.created_at
		FROM customer_sessions s JOIN customers c ON c.site_id = s.site_id AND c.id = s.customer_id
		WHERE s.site_id = ? AND s.token_hash = ? AND s.expires_at > ?`, siteID, sqldb.HashToken(token), sqldb.Millis(s.now())))
}

// Logout ends a session.
func (s *Store) Logout(ctx context.Context, siteID int64, token string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM customer_sessions WHERE site_id = ? AND token_hash = ?`, siteID, sqldb.HashToken(token))
	return err
}

// Addresses lists a customer's saved addresses, the default first.
func (s *Store) Addresses(ctx context.Context, siteID, customerID int64) ([]SavedAddress, error) {
	rows, err := s.db.Query(ctx, `SELECT id, address, is_default FROM customer_addresses WHERE site_id = ? AND customer_id = ?
		ORDER BY is_default DESC, id`, siteID, customerID)
	if err != nil {
		return nil, fmt.Errorf("addresses: %w", err)
	}
	defer rows.Close()
	var out []SavedAddress
	for rows.Next() {
		var a SavedAddress
		var raw string
		if err := rows.Scan(&a.ID, &raw, &a.IsDefault); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(raw), &a.Address)
		out = append(out, a)
	}
	return out, rows.Err()
}

// MaxAddresses bounds a customer's address book.
const MaxAddresses = 20

// SaveAddress adds an address (checked like checkout's) and makes it the
// default; an address equal to a saved one only becomes the default.
func (s *Store) SaveAddress(ctx context.Context, siteID, customerID int64, a orders.Address) error {
	if a.Empty() {
		return nil
	}
	raw, _ := json.Marshal(a)
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM customers WHERE site_id = ? AND id = ?`, siteID, customerID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		if _, err := tx.Exec(ctx, `UPDATE customer_addresses SET is_default = FALSE WHERE site_id = ? AND customer_id = ?`, siteID, customerID); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE customer_addresses SET is_default = TRUE WHERE site_id = ? AND customer_id = ? AND address = ?`, siteID, customerID, string(raw))
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k > 0 {
			return nil
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM customer_addresses WHERE site_id = ? AND customer_id = ?`, siteID, customerID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxAddresses {
			return fault.Invalidf("address", fmt.Sprintf("Keep at most %d addresses; delete one first.", MaxAddresses))
		}
		_, err = tx.Exec(ctx, `INSERT INTO customer_addresses (site_id, id, customer_id, address, is_default, created_at) VALUES (?, ?, ?, ?, TRUE, ?)`,
			siteID, sqldb.NewID(), customerID, string(raw), sqldb.Millis(s.now()))
		return err
	})
}

// DeleteAddress deletes one of a customer's addresses.
func (s *Store) DeleteAddress(ctx context.Context, siteID, customerID, id int64) error {
	res, err := s.db.Exec(ctx, `DELETE FROM customer_addresses WHERE site_id = ? AND customer_id = ? AND id = ?`, siteID, customerID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
