package signup

import (
	"context"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// AddSite creates another site for a person who is logged in: a design, a
// business name and an address are all it asks (the captcha still
// applies, so that an account cannot be used to mass-create sites). The
// person becomes its owner, on a fresh trial.
func (s *Service) AddSite(ctx context.Context, acct accounts.Account, in SiteInput) (Result, error) {
	human := s.human(ctx, in)
	v, site, err := s.checkSite(ctx, in)
	if err != nil {
		return Result{}, err
	}
	if !human {
		v.Add("captcha", msgCaptcha)
	}
	if err := v.Err(); err != nil {
		return Result{}, err
	}
	site.Plan, site.Welcome = plans.Trial, true
	var res Result
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		res, err = s.createSiteTx(ctx, tx, acct, site)
		return err
	})
	return res, err
}
