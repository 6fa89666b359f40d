package accounts

import (
	"context"
	"fmt"
	"strconv"

	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// UseOutbox lets the Store send e-mail through o, each message in the
// transaction of the change that causes it; platformURL starts the links in
// them. It is called once while the program is wired together, after the
// job queue exists (which itself needs the Store's cleanup jobs, hence a
// setter rather than a NewStore argument), and before the Store serves
// anything. Without it, alerts are not sent and the operations that must
// send mail (invitations, resets, e-mail changes) fail.
func (s *Store) UseOutbox(o *mail.Outbox, platformURL string) {
	s.outbox, s.platformURL = o, platformURL
}

// countAccountFailure counts a wrong password given for account a, from
// any address, and tells its owner once the count reaches alertFailures,
// at most once per alertEvery. The count is kept only for the alert: it
// never throttles, so it cannot be used to lock the owner out.
func (s *Store) countAccountFailure(ctx context.Context, a Account) error {
	if s.outbox == nil {
		return nil
	}
	now := s.now()
	st, err := s.recordFailure(ctx, "alert:"+strconv.FormatInt(a.ID, 10), now)
	if err != nil || st.failures < alertFailures {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// One row per account remembers when the last alert went out; the
		// conditional update lets only one of concurrent failures claim
		// the hour, and the mail is queued in the same transaction.
		res, err := tx.Exec(ctx, `INSERT INTO login_failures (key, failures, last_failure_at) VALUES (?, 1, ?)
			ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1,
				last_failure_at = excluded.last_failure_at
			WHERE login_failures.last_failure_at <= ?`,
			"alerted:"+strconv.FormatInt(a.ID, 10), sqldb.Millis(now), sqldb.Millis(now.Add(-alertEvery)))
		if err != nil {
			return fmt.Errorf("login alert for account %d: %w", a.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		_, err = s.outbox.Send(ctx, tx, mail.Message{To: a.Email,
			Subject: "Failed logins to your Pagecart account",
			Text: fmt.Sprintf("Hello,\n\nsomeone tried to log in to your Pagecart account (%s) %d times in the last %d minutes with a wrong password.\n\n"+
				"If it was you, there is nothing to do. If it was not, your account is safe as long as nobody knows your password;\n"+
				"those attempts are slowed down, and you can still log in as usual. To choose a new password:\n%s/password/forgot\n\n"+
				"We send this at most once an hour.\n",
				a.Email, st.failures, int(failureWindow.Minutes()), s.platformURL)})
		return err
	})
}
