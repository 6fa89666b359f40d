package domains

import (
	"context"
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// UseOutbox lets the daily re-check tell a site's owner when a verified
// domain stops pointing here and when it is disconnected; adminURL is the
// address of a site's Domains page.
func (s *Store) UseOutbox(o *mail.Outbox, adminURL func(siteName string) string) {
	s.outbox, s.adminURL = o, adminURL
}

// tell e-mails the site's contact address (or its owner's login) about a
// domain whose records point elsewhere: a warning with the date it will be
// disconnected, or, with lost, that it was. Everything is read inside tx:
// a read through the pool while tx holds a connection can wait forever on
// a small pool.
func (s *Store) tell(ctx context.Context, tx *sqldb.Tx, site sites.Site, d Domain, lost bool) error {
	if s.outbox == nil {
		return nil
	}
	to := site.ContactEmail
	if to == "" {
		if err := tx.QueryRow(ctx, `SELECT email FROM accounts WHERE id = ?`, site.OwnerAccountID).Scan(&to); err != nil {
			return fmt.Errorf("owner of site %d: %w", site.ID, err)
		}
	}
	page := s.adminURL(site.Name) + "/admin/domains"
	var subject, text string
	if lost {
		subject = fmt.Sprintf("%s is no longer connected to %s", d.Host, site.Title)
		text = fmt.Sprintf("Hello,\n\nfor a week the DNS records of %s have not pointed to your site %s, so the domain has been "+
			"disconnected: visitors of %s no longer reach your site, and your site's own address is its main address again.\n\n"+
			"If you still want to use %s, create the records shown on %s again; it is connected as soon as they are found.\n",
			d.Host, site.Title, d.Host, d.Host, page)
	} else {
		subject = fmt.Sprintf("%s no longer points to %s", d.Host, site.Title)
		text = fmt.Sprintf("Hello,\n\nwe checked the DNS records of %s today and they no longer point to your site %s. "+
			"Visitors who type %s may not reach your site.\n\nIf you changed them on purpose, you can remove the domain on %s. "+
			"Otherwise, put the records shown there back. If they still point elsewhere on %s, the domain will be disconnected.\n",
			d.Host, site.Title, d.Host, page, d.FailingSince.Add(LostAfter).UTC().Format(time.DateOnly))
	}
	_, err := s.outbox.Send(ctx, tx, mail.Message{SiteID: site.ID, To: to, Subject: subject, Text: text})
	return err
}
