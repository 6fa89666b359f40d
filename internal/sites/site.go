// Package sites owns the sites themselves: their names, plans and trials,
// settings, maintenance and suspension, and which host belongs to which.
package sites

import (
	"time"

	"github.com/pagecart/pagecart/internal/plans"
)

// Site is one tenant of the platform.
type Site struct {
	ID             int64
	Name           string // the subdomain: NAME.<base domain>
	Title          string
	OwnerAccountID int64
	Theme          string
	Plan           plans.ID
	TrialEndsAt    time.Time // zero when not on trial
	RequestedPlan  plans.ID  // chosen by the owner, waiting for the operator
	// ContactEmail is private: notifications about the site go there.
	ContactEmail string
	// PublicEmail is the address the site shows its visitors; empty shows
	// none. Only the owner sets it, so signing up publishes nothing.
	PublicEmail     string
	TimeZone        string
	Language        string
	Currency        string
	SuspendedAt     time.Time
	SuspendedReason string
	// MaintenanceRetry is the Retry-After in seconds while the site is in
	// maintenance, and 0 when it is not.
	MaintenanceRetry int
	ContentVersion   int64
	// ConsentVersion is the version of the site's cookie-consent policy;
	// a visitor's choice for an older version is asked again.
	ConsentVersion int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Entitlements is the plan the site enjoys now.
func (s Site) Entitlements() plans.Plan { return plans.MustGet(s.Plan) }

// Suspended reports whether the operator took the site offline.
func (s Site) Suspended() bool { return !s.SuspendedAt.IsZero() }

// TrialDaysLeft is the number of started days left in the trial, or 0.
func (s Site) TrialDaysLeft(now time.Time) int {
	if s.Plan != plans.Trial || s.TrialEndsAt.IsZero() || !now.Before(s.TrialEndsAt) {
		return 0
	}
	left := s.TrialEndsAt.Sub(now)
	return int((left + 24*time.Hour - 1) / (24 * time.Hour))
}

// OnTrial reports whether the trial is running.
func (s Site) OnTrial() bool { return s.Plan == plans.Trial }
