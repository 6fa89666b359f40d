package accounts

import (
	"context"
	"fmt"
)

// SiteRole is one site an account is on the staff of, and its role there.
type SiteRole struct {
	SiteID int64
	Role   Role
}

// Memberships lists the sites the account is on the staff of with its
// role on each, oldest membership first: "My sites".
func (s *Store) Memberships(ctx context.Context, accountID int64) ([]SiteRole, error) {
	rows, err := s.db.Query(ctx, `SELECT site_id, role FROM site_members WHERE account_id = ?
		ORDER BY created_at, site_id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("sites of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []SiteRole
	for rows.Next() {
		var m SiteRole
		var role string
		if err := rows.Scan(&m.SiteID, &role); err != nil {
			return nil, fmt.Errorf("sites of account %d: %w", accountID, err)
		}
		m.Role = Role(role)
		out = append(out, m)
	}
	return out, rows.Err()
}
