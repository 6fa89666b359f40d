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
	GPC    bool
	IPHash string
}

// NewConsentID returns a random identifier for a visitor's consent.
func NewConsentID() string { return sqldb.NewToken() }

// HashIP is what the log keeps of a visitor's address: an HMAC keyed by
// the site, so the same address gives unrelated values on two sites and
// the log alone does not give the address back by trying the few billion
// IPv4 addresses against one plain hash list shared by every site.
func HashIP(siteID int64, ip string) string {
	m := hmac.New(sha256.New, []byte("pagecart consent ip "+strconv.FormatInt(siteID, 10)))
	m.Write([]byte(ip))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// Record logs a choice.
func (s *Store) Record(ctx context.Context, siteID int64, e Entry) (Entry, error) {
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
	_, err := s.db.Exec(ctx, `INSERT INTO consent_log
		(site_id, id, consent_id, created_at, policy_version, preferences, statistics, marketing, gpc, ip_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, siteID, e.ID, e.ConsentID, sqldb.Millis(e.At), e.PolicyVersion,
		b(e.Choice.Preferences), b(e.Choice.Statistics), b(e.Choice.Marketing), b(e.GPC), e.IPHash)
	if err != nil {
		return Entry{}, fmt.Errorf("record consent on site %d: %w", siteID, err)
	}
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
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM consent_log WHERE site_id = ?`, siteID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count consent log: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT `+logCols+` FROM consent_log WHERE site_id = ?
		ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, siteID, limit, offset)
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
	rows, err := s.db.Query(ctx, `SELECT `+logCols+` FROM consent_log WHERE site_id = ? ORDER BY created_at, id`, siteID)
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
