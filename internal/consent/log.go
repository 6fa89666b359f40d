package consent

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// Entry is one recorded choice.
type Entry struct {
	ID            int64
	ConsentID     string
	At            time.Time
	PolicyVersion int64
	Choice        Choice
	// GPC is true when the browser sent the Global Privacy Control signal,
	// which refused marketing whatever was clicked.
	GPC bool
	// IP is the visitor's address, given to Record to be hashed; it is
	// never stored, and a recorded Entry has it empty.
	IP     string
	IPHash string
}

// NewConsentID returns a random identifier for a visitor's consent.
func NewConsentID() string { return sqldb.NewToken() }

// hashIP is what the log keeps of a visitor's address: an HMAC with a
// random key kept apart from the log (consent_keys, or the platform's
// setting), so that the same address gives unrelated values on two sites
// and the log alone does not give the address back by trying the few
// billion IPv4 addresses.
func hashIP(key, ip string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(ip))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// logScope is one consent log: a site's, or the platform host's own.
type logScope struct {
	table  string
	where  string // the rows of the scope, as a condition with args
	args   []any
	site   int64 // 0 for the platform
	limits string
}

func siteLog(siteID int64) logScope {
	return logScope{table: "consent_log", where: "site_id = ?", args: []any{siteID}, site: siteID,
		limits: "consent:" + strconv.FormatInt(siteID, 10)}
}

var platformLog = logScope{table: "platform_consent_log", where: "1 = 1", limits: "consent:platform"}

// IPHashTx is the keyed hash of a visitor's address on a site, as the
// consent log keeps it; the contact forms count messages per address with
// it, so that no table of a site holds its visitors' addresses.
func IPHashTx(ctx context.Context, tx *sqldb.Tx, siteID int64, ip string) (string, error) {
	key, err := scopeKey(ctx, tx, siteLog(siteID), time.Now())
	if err != nil {
		return "", err
	}
	return hashIP(key, ip), nil
}

// scopeKey returns the scope's hash key, making it on first use. Two first
// choices at once both insert; the loser's insert does nothing and both
// read the winner's key.
func scopeKey(ctx context.Context, tx *sqldb.Tx, sc logScope, now time.Time) (string, error) {
	fresh := sqldb.NewToken() + sqldb.NewToken()
	var err error
	var key string
	if sc.site == 0 {
		if _, err = tx.Exec(ctx, `INSERT INTO platform_settings (key, value) VALUES ('consent_ip_key', ?)
			ON CONFLICT (key) DO NOTHING`, fresh); err == nil {
			err = tx.QueryRow(ctx, `SELECT value FROM platform_settings WHERE key = 'consent_ip_key'`).Scan(&key)
		}
	} else {
		if _, err = tx.Exec(ctx, `INSERT INTO consent_keys (site_id, ip_key, created_at) VALUES (?, ?, ?)
			ON CONFLICT (site_id) DO NOTHING`, sc.site, fresh, sqldb.Millis(now)); err == nil {
			err = tx.QueryRow(ctx, `SELECT ip_key FROM consent_keys WHERE site_id = ?`, sc.site).Scan(&key)
		}
	}
	if err != nil {
		return "", fmt.Errorf("consent hash key: %w", err)
	}
	return key, nil
}

// Record logs a choice on the site's log. e.IP is hashed and never stored;
// a sender over the limits (limits.go) is refused with a *fault.Throttled
// and nothing is logged.
func (s *Store) Record(ctx context.Context, siteID int64, e Entry) (Entry, error) {
	return s.record(ctx, siteLog(siteID), e)
}

// RecordPlatform logs a choice made on the platform host's own pages.
func (s *Store) RecordPlatform(ctx context.Context, e Entry) (Entry, error) {
	return s.record(ctx, platformLog, e)
}

func (s *Store) record(ctx context.Context, sc logScope, e Entry) (Entry, error) {
	if err := s.allow(ctx, sc, e.IP); err != nil {
		return Entry{}, err
	}
	e.ID = sqldb.NewID()
	if e.At.IsZero() {
		e.At = s.now()
	}
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		key, err := scopeKey(ctx, tx, sc, s.now())
		if err != nil {
			return err
		}
		e.IPHash = hashIP(key, e.IP)
		cols, marks, args := `id`, `?`, []any{e.ID}
		if sc.site != 0 {
			cols, marks, args = `site_id, id`, `?, ?`, []any{sc.site, e.ID}
		}
		_, err = tx.Exec(ctx, `INSERT INTO `+sc.table+` (`+cols+`, consent_id, created_at, policy_version, preferences,
			statistics, marketing, gpc, ip_hash) VALUES (`+marks+`, ?, ?, ?, ?, ?, ?, ?, ?)`,
			append(args, e.ConsentID, sqldb.Millis(e.At), e.PolicyVersion, b(e.Choice.Preferences), b(e.Choice.Statistics),
				b(e.Choice.Marketing), b(e.GPC), e.IPHash)...)
		return err
	})
	if err != nil {
		return Entry{}, fmt.Errorf("record consent in %s: %w", sc.table, err)
	}
	e.IP = ""
	return e, nil
}

const logCols = `id, consent_id, created_at, policy_version, preferences, statistics, marketing, gpc, ip_hash`

func scanEntry(row interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var at int64
	var p, st, m, g int
	if err := row.Scan(&e.ID, &e.ConsentID, &at, &e.PolicyVersion, &p, &st, &m, &g, &e.IPHash); err != nil {
		return Entry{}, fmt.Errorf("read consent log: %w", err)
	}
	e.At = sqldb.Time(at)
	e.Choice = Choice{Preferences: p == 1, Statistics: st == 1, Marketing: m == 1}
	e.GPC = g == 1
	return e, nil
}

// Log returns the site's newest choices, limit at a time, and how many
// there are in all.
func (s *Store) Log(ctx context.Context, siteID int64, limit, offset int) ([]Entry, int, error) {
	return s.log(ctx, siteLog(siteID), limit, offset)
}

// PlatformLog is Log for the platform host's own log.
func (s *Store) PlatformLog(ctx context.Context, limit, offset int) ([]Entry, int, error) {
	return s.log(ctx, platformLog, limit, offset)
}

func (s *Store) log(ctx context.Context, sc logScope, limit, offset int) ([]Entry, int, error) {
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM `+sc.table+` WHERE `+sc.where, sc.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count consent log: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT `+logCols+` FROM `+sc.table+` WHERE `+sc.where+`
		ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, append(sc.args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("read consent log: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// ExportCSV writes the site's whole log, oldest first, as CSV: the proof an
// owner hands over when asked whether a visitor consented.
func (s *Store) ExportCSV(ctx context.Context, siteID int64, w io.Writer) error {
	return s.export(ctx, siteLog(siteID), w)
}

// ExportPlatformCSV is ExportCSV for the platform host's own log.
func (s *Store) ExportPlatformCSV(ctx context.Context, w io.Writer) error {
	return s.export(ctx, platformLog, w)
}

func (s *Store) export(ctx context.Context, sc logScope, w io.Writer) error {
	rows, err := s.db.Query(ctx, `SELECT `+logCols+` FROM `+sc.table+` WHERE `+sc.where+` ORDER BY created_at, id`, sc.args...)
	if err != nil {
		return fmt.Errorf("export consent log: %w", err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	yes := func(v bool) string {
		if v {
			return "yes"
		}
		return "no"
	}
	_ = cw.Write([]string{"consent_id", "time_utc", "policy_version", "necessary", "preferences", "statistics", "marketing", "global_privacy_control", "ip_hash"})
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		if err := cw.Write([]string{e.ConsentID, e.At.Format(time.RFC3339), strconv.FormatInt(e.PolicyVersion, 10), "yes",
			yes(e.Choice.Preferences), yes(e.Choice.Statistics), yes(e.Choice.Marketing), yes(e.GPC), e.IPHash}); err != nil {
			return fmt.Errorf("write consent log: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
