package mail

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// smtpSender delivers through an SMTP server with go-mail. It keeps only
// the options and opens a connection per message, so concurrent workers
// never share a connection's state.
type smtpSender struct {
	host string
	from string
	opts []gomail.Option
}

// newSMTPSender parses smtp://user:pass@host:port?from=… (STARTTLS when
// the server offers it, port 587 by default) or smtps://… (TLS from the
// first byte, port 465 by default).
func newSMTPSender(rawURL, from string) (*smtpSender, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("smtp url: %w", err)
	}
	port := 587
	opts := []gomail.Option{gomail.WithTimeout(30 * time.Second)}
	switch u.Scheme {
	case "smtp":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case "smtps":
		port = 465
		opts = append(opts, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("smtp url: scheme %q is not smtp or smtps", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("smtp url: no host")
	}
	if p := u.Port(); p != "" {
		port, err = strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("smtp url: port %q: %w", p, err)
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		// go-mail picks the strongest mechanism the server offers and
		// refuses to send a password in clear over an unencrypted link.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	if f := u.Query().Get("from"); f != "" {
		from = f
	}
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("smtp sender address %q: %w", from, err)
	}
	s := &smtpSender{host: u.Hostname(), from: from, opts: opts}
	// Building a client once checks the options now, not at the first mail.
	if _, err := gomail.NewClient(s.host, s.opts...); err != nil {
		return nil, fmt.Errorf("smtp url: %w", err)
	}
	return s, nil
}

// Send delivers m. A permanent refusal is wrapped in ErrRejected; any
// other error is worth retrying.
func (s *smtpSender) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("%w: sender %q: %v", ErrRejected, s.from, err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("%w: recipient %q: %v", ErrRejected, m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	// A stable Message-ID lets receivers recognise a message that a retry
	// delivered twice.
	msg.SetMessageIDWithValue(fmt.Sprintf("%d.pagecart@%s", m.ID, domainOf(s.from)))
	client, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		var sendErr *gomail.SendError
		if errors.As(err, &sendErr) && !sendErr.IsTemp() && sendErr.ErrorCode() >= 500 {
			return fmt.Errorf("%w: %v", ErrRejected, err)
		}
		return fmt.Errorf("smtp: %w", err)
	}
	return nil
}

func domainOf(addr string) string {
	if a, err := mail.ParseAddress(addr); err == nil {
		addr = a.Address
	}
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "localhost"
}
