// Package accounts holds the people who build sites on Pagecart: their
// accounts and passwords, login throttling, server-side sessions, one-time
// links (password reset, login hand-over to a site's host), and the staff of
// each site with their roles and invitations.
package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// msgEmailTaken is shown when signing up or changing to an address that
// already has an account.
const msgEmailTaken = "An account with this e-mail already exists. Log in instead."

// Store reads and writes accounts, sessions, tokens and staff.
type Store struct {
	db     *sqldb.DB
	now    func() time.Time
	hasher *hasher
	// outbox sends the e-mails of the operations that need one
	// (invitations, password resets, login alerts, e-mail changes), in
	// their own transaction; platformURL starts the links in them. Both are
	// set by UseOutbox.
	outbox      *mail.Outbox
	platformURL string
	// failures counts failed logins for throttling (UseFailures).
	failures ratelimit.Failures
}

// NewStore returns a Store on db using the real clock, hashing passwords
// in a queue that leaves a core free (see hasher).
func NewStore(db *sqldb.DB) *Store {
	return &Store{db: db, now: time.Now, hasher: newCPUHasher(), failures: ratelimit.NewMemoryFailures()}
}

// UseFailures sets where failed logins are counted: Redis, so that every
// node throttles a guesser together; this process's memory by default.
func (s *Store) UseFailures(f ratelimit.Failures) { s.failures = f }

// WithClock returns a copy of s that reads the time from now, so that tests
// can move time forward past expiries and throttling delays.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// SetClock makes s read the time from now, for tests of a whole platform
// whose handlers hold s: a throttling delay of one second is then exactly
// one second, however slow the machine. Call it before serving.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Account is a person who can log in to the platform.
type Account struct {
	ID    int64
	Email string
	// TermsVersion is the version of the terms of service the person
	// accepted, and TermsAcceptedAt when; kept as evidence of consent.
	TermsVersion    string
	TermsAcceptedAt time.Time
	CreatedAt       time.Time
}

const accountColumns = `id, email, terms_version, terms_accepted_at, created_at`

func scanAccount(row interface{ Scan(...any) error }) (Account, error) {
	var a Account
	var accepted sql.NullInt64
	var created int64
	if err := row.Scan(&a.ID, &a.Email, &a.TermsVersion, &accepted, &created); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Account{}, ErrNotFound
		}
		return Account{}, err
	}
	a.TermsAcceptedAt = sqldb.NullTime(accepted)
	a.CreatedAt = sqldb.Time(created)
	return a, nil
}

// Credential is a new account's e-mail and password, checked against the
// policy and hashed, ready to be stored by CreateTx. Making it apart from
// the transaction keeps the slow hash out of it.
type Credential struct {
	email, hash string
}

// Email is the normalised address.
func (c Credential) Email() string { return c.email }

// NewCredential checks an e-mail and a password together, so that the form
// can show every problem at once, and hashes the password. Call it before
// opening the transaction that creates the account: on SQLite that
// transaction holds the only writer, and every write of the platform would
// wait behind the hash.
func (s *Store) NewCredential(ctx context.Context, email, password string) (Credential, error) {
	norm, msg := NormalizeEmail(email)
	var v fault.Invalid
	if msg != "" {
		v.Add("email", msg)
	}
	if msg := PasswordProblem(password, email); msg != "" {
		v.Add("password", msg)
	}
	if err := v.Err(); err != nil {
		return Credential{}, err
	}
	hash, err := s.HashPassword(ctx, password)
	if err != nil {
		return Credential{}, err
	}
	return Credential{email: norm, hash: hash}, nil
}

// CreateTx creates an account with cred inside tx, which the caller also
// uses to create the person's first site, so that a signup leaves both or
// neither.
func (s *Store) CreateTx(ctx context.Context, tx *sqldb.Tx, cred Credential, termsVersion string) (Account, error) {
	if cred.email == "" || cred.hash == "" {
		return Account{}, errors.New("create account: no credential; make one with NewCredential")
	}
	norm := cred.email
	// Checking first, rather than relying only on the unique index, keeps
	// the caller's PostgreSQL transaction usable for showing the form again.
	if taken, err := emailTaken(ctx, tx, norm); err != nil {
		return Account{}, fmt.Errorf("create account: %w", err)
	} else if taken {
		return Account{}, fault.Invalidf("email", msgEmailTaken)
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	a := Account{ID: sqldb.NewID(), Email: norm, TermsVersion: termsVersion, CreatedAt: now}
	if termsVersion != "" {
		a.TermsAcceptedAt = now
	}
	_, err := tx.Exec(ctx, `INSERT INTO accounts
		(id, email, password_hash, terms_version, terms_accepted_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Email, cred.hash, a.TermsVersion, sqldb.NullMillis(a.TermsAcceptedAt),
		sqldb.Millis(now), sqldb.Millis(now))
	if sqldb.IsUniqueViolation(err) {
		// Another signup with the same address won the race since the check.
		return Account{}, fault.Invalidf("email", msgEmailTaken)
	}
	if err != nil {
		return Account{}, fmt.Errorf("create account %s: %w", norm, err)
	}
	return a, nil
}

func emailTaken(ctx context.Context, q sqldb.Q, email string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM accounts WHERE email = ?`, email).Scan(&n)
	return n > 0, err
}

// ByID returns the account with id, or ErrNotFound.
func (s *Store) ByID(ctx context.Context, id int64) (Account, error) {
	a, err := scanAccount(s.db.QueryRow(ctx,
		`SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Account{}, fmt.Errorf("account %d: %w", id, err)
	}
	return a, err
}

// ByEmail returns the account with email, in any letter case, or ErrNotFound.
func (s *Store) ByEmail(ctx context.Context, email string) (Account, error) {
	norm, msg := NormalizeEmail(email)
	if msg != "" {
		return Account{}, ErrNotFound
	}
	a, err := scanAccount(s.db.QueryRow(ctx,
		`SELECT `+accountColumns+` FROM accounts WHERE email = ?`, norm))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Account{}, fmt.Errorf("account %s: %w", norm, err)
	}
	return a, err
}

// passwordHash returns the stored hash of an account.
func passwordHash(ctx context.Context, q sqldb.Q, id int64) (string, error) {
	var hash string
	err := q.QueryRow(ctx, `SELECT password_hash FROM accounts WHERE id = ?`, id).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return hash, err
}
