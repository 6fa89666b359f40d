package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// msgLastOwner is shown when a change would leave a site without an owner,
// who alone can manage staff and the plan.
const msgLastOwner = "A site needs at least one owner. Make someone else an owner first."

// Member is an account on a site's staff.
type Member struct {
	ID, SiteID, AccountID int64
	Email                 string
	Role                  Role
	CreatedAt             time.Time
}

const memberSelect = `SELECT m.id, m.site_id, m.account_id, a.email, m.role, m.created_at
	FROM site_members m JOIN accounts a ON a.id = m.account_id`

func scanMember(row interface{ Scan(...any) error }) (Member, error) {
	var m Member
	var role string
	var created int64
	if err := row.Scan(&m.ID, &m.SiteID, &m.AccountID, &m.Email, &role, &created); err != nil {
		if errors.Is(err, sqldb.ErrNoRows) {
			return Member{}, ErrNotFound
		}
		return Member{}, err
	}
	m.Role = Role(role)
	m.CreatedAt = sqldb.Time(created)
	return m, nil
}

// AddMemberTx puts an account on a site's staff inside tx: at signup, with
// the new site, and when an invitation is accepted. An account that is
// already a member keeps its role and gets a *fault.Invalid.
func (s *Store) AddMemberTx(ctx context.Context, tx *sqldb.Tx, siteID, accountID int64, role Role) error {
	return s.addMember(ctx, tx, siteID, accountID, role)
}

func (s *Store) addMember(ctx context.Context, q sqldb.Q, siteID, accountID int64, role Role) error {
	if _, ok := ParseRole(string(role)); !ok {
		return fault.Invalidf("role", msgRoleInvalid)
	}
	// A unique violation on PostgreSQL would abort the caller's transaction,
	// so look first; the unique index still settles a race.
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM site_members WHERE site_id = ? AND account_id = ?`,
		siteID, accountID).Scan(&n)
	if err != nil {
		return fmt.Errorf("add member to site %d: %w", siteID, err)
	}
	if n > 0 {
		return fault.Invalidf("email", msgAlreadyStaff)
	}
	_, err = q.Exec(ctx, `INSERT INTO site_members (site_id, id, account_id, role, created_at)
		VALUES (?, ?, ?, ?, ?)`, siteID, sqldb.NewID(), accountID, string(role), sqldb.Millis(s.now()))
	if sqldb.IsUniqueViolation(err) {
		return fault.Invalidf("email", msgAlreadyStaff)
	}
	if err != nil {
		return fmt.Errorf("add member to site %d: %w", siteID, err)
	}
	return nil
}

// Membership returns the account's place on a site's staff, or ErrNotFound
// when it has none there: the check behind every administration request.
func (s *Store) Membership(ctx context.Context, siteID, accountID int64) (Member, error) {
	m, err := scanMember(s.db.QueryRow(ctx, memberSelect+` WHERE m.site_id = ? AND m.account_id = ?`,
		siteID, accountID))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Member{}, fmt.Errorf("membership in site %d: %w", siteID, err)
	}
	return m, err
}

// Members lists a site's staff, owners first, then by e-mail.
func (s *Store) Members(ctx context.Context, siteID int64) ([]Member, error) {
	rows, err := s.db.Query(ctx, memberSelect+` WHERE m.site_id = ?
		ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, a.email`, siteID)
	if err != nil {
		return nil, fmt.Errorf("members of site %d: %w", siteID, err)
	}
	defer rows.Close()
	var list []Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, fmt.Errorf("members of site %d: %w", siteID, err)
		}
		list = append(list, m)
	}
	return list, rows.Err()
}

// RemoveMember takes a member off a site's staff, refusing to remove the
// last owner. Their sessions stay valid for other sites they belong to;
// access to this one ends with the next request's Membership check.
func (s *Store) RemoveMember(ctx context.Context, siteID, memberID int64) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		role, err := lockMember(ctx, tx, siteID, memberID)
		if err != nil {
			return err
		}
		if role == RoleOwner {
			if err := keepAnOwner(ctx, tx, siteID, "member"); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `DELETE FROM site_members WHERE site_id = ? AND id = ?`, siteID, memberID)
		if err != nil {
			return fmt.Errorf("remove member %d of site %d: %w", memberID, siteID, err)
		}
		return nil
	})
}

// SetRole changes a member's role, refusing to demote the last owner.
func (s *Store) SetRole(ctx context.Context, siteID, memberID int64, role Role) error {
	if _, ok := ParseRole(string(role)); !ok {
		return fault.Invalidf("role", msgRoleInvalid)
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := lockMember(ctx, tx, siteID, memberID)
		if err != nil {
			return err
		}
		if old == RoleOwner && role != RoleOwner {
			if err := keepAnOwner(ctx, tx, siteID, "role"); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE site_members SET role = ? WHERE site_id = ? AND id = ?`,
			string(role), siteID, memberID)
		if err != nil {
			return fmt.Errorf("set role of member %d of site %d: %w", memberID, siteID, err)
		}
		return nil
	})
}

// lockMember returns the role of a member of the site, or ErrNotFound.
func lockMember(ctx context.Context, tx *sqldb.Tx, siteID, memberID int64) (Role, error) {
	var role string
	err := tx.QueryRow(ctx, `SELECT role FROM site_members WHERE site_id = ? AND id = ?`+tx.ForUpdate(),
		siteID, memberID).Scan(&role)
	if errors.Is(err, sqldb.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("member %d of site %d: %w", memberID, siteID, err)
	}
	return Role(role), nil
}

// keepAnOwner fails unless the site has another owner besides the one about
// to go. The owners' rows are locked so that two owners removing each other
// at the same moment cannot both succeed; on SQLite the single writer
// already orders the transactions.
func keepAnOwner(ctx context.Context, tx *sqldb.Tx, siteID int64, field string) error {
	rows, err := tx.Query(ctx, `SELECT id FROM site_members WHERE site_id = ? AND role = ?`+tx.ForUpdate(),
		siteID, string(RoleOwner))
	if err != nil {
		return fmt.Errorf("owners of site %d: %w", siteID, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("owners of site %d: %w", siteID, err)
	}
	if n < 2 {
		return fault.Invalidf(field, msgLastOwner)
	}
	return nil
}
