package orders

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// DefaultNumberFormat is the order number's format of a new site.
const DefaultNumberFormat = "{year}-{seq:5}"

// FormatNumber makes an order number of format: {seq} is the site's
// sequence, {seq:N} the same padded with zeros to N digits, {year},
// {month} and {day} the order's date (UTC). Other text is kept.
func FormatNumber(format string, seq int64, at time.Time) string {
	var b strings.Builder
	for len(format) > 0 {
		i := strings.IndexByte(format, '{')
		if i < 0 {
			b.WriteString(format)
			break
		}
		b.WriteString(format[:i])
		format = format[i:]
		j := strings.IndexByte(format, '}')
		if j < 0 {
			b.WriteString(format)
			break
		}
		tag := format[1:j]
		format = format[j+1:]
		switch {
		case tag == "year":
			fmt.Fprintf(&b, "%04d", at.UTC().Year())
		case tag == "month":
			fmt.Fprintf(&b, "%02d", int(at.UTC().Month()))
		case tag == "day":
			fmt.Fprintf(&b, "%02d", at.UTC().Day())
		case tag == "seq":
			b.WriteString(strconv.FormatInt(seq, 10))
		case strings.HasPrefix(tag, "seq:"):
			n, err := strconv.Atoi(tag[4:])
			if err != nil || n < 1 || n > 12 {
				n = 1
			}
			fmt.Fprintf(&b, "%0*d", n, seq)
		default:
			b.WriteString("{" + tag + "}")
		}
	}
	return b.String()
}

// CheckNumberFormat refuses a format without {seq}, which could not make
// unique numbers, or one too long to read.
func CheckNumberFormat(format string) error {
	format = strings.TrimSpace(format)
	switch {
	case !strings.Contains(format, "{seq}") && !strings.Contains(format, "{seq:"):
		return fault.Invalidf("order_number_format", "Include {seq} (or {seq:5} for five digits), so that every number is different.")
	case len(format) > 40:
		return fault.Invalidf("order_number_format", "Use at most 40 characters.")
	}
	return nil
}

// NextNumberTx advances the site's order sequence inside the order's
// transaction and returns the next number. Call it after stock was taken:
// a transaction that fails later rolls the sequence back with it, so
// customers never see a gap. On PostgreSQL the UPDATE locks the site's
// settings row until commit, which orders the site's checkouts one after
// another from here on (stock was already decided).
func NextNumberTx(ctx context.Context, tx *sqldb.Tx, siteID int64, at time.Time) (string, error) {
	if err := EnsureSettingsTx(ctx, tx, siteID, at); err != nil {
		return "", err
	}
	var seq int64
	var format string
	err := tx.QueryRow(ctx, `UPDATE shop_settings SET order_seq = order_seq + 1 WHERE site_id = ?
		RETURNING order_seq, order_number_format`, siteID).Scan(&seq, &format)
	if err != nil {
		return "", fmt.Errorf("order number: %w", err)
	}
	return FormatNumber(format, seq, at), nil
}

// EnsureSettingsTx inserts the site's shop settings row with the defaults
// when it has none.
func EnsureSettingsTx(ctx context.Context, tx *sqldb.Tx, siteID int64, at time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO shop_settings (site_id, order_number_format, updated_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, siteID, DefaultNumberFormat, sqldb.Millis(at)); err != nil {
		return fmt.Errorf("shop settings: %w", err)
	}
	return nil
}
