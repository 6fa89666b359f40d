package mail

import (
	"context"
	"errors"
	"log/slog"
)

// Sender delivers one message. The worker uses an SMTP sender in
// production and the outbox sender when no SMTP server is configured.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// ErrRejected marks a delivery the SMTP server refused for good (a 5xx
// reply, such as an unknown mailbox): retrying would not help.
var ErrRejected = errors.New("rejected by the mail server")

// NewSender returns an SMTP sender for smtpURL, or the outbox sender when
// smtpURL is empty. from is the sender address, unless the URL's from
// parameter gives one.
func NewSender(smtpURL, from string, logger *slog.Logger) (Sender, error) {
	if logger == nil {
		logger = slog.Default()
	}
	if smtpURL == "" {
		return &outboxSender{logger: logger}, nil
	}
	return newSMTPSender(smtpURL, from)
}

// outboxSender delivers nothing: with no SMTP server configured, messages
// stay in the outbox (status kept), where the operator console shows them
// in full. The log gets only the recipient, subject and message ID: bodies
// carry password-reset and invitation links, and whoever reads a log must
// not be able to take over an account with what is written there.
type outboxSender struct {
	logger *slog.Logger
}

// Send logs that the message was kept, without its body.
func (o *outboxSender) Send(ctx context.Context, m Message) error {
	o.logger.InfoContext(ctx, "mail kept in outbox (PAGECART_SMTP_URL is not set); read it in the operator console",
		"id", m.ID, "to", m.To, "subject", m.Subject)
	return nil
}

// keeps tells the worker to record the message as kept, not sent.
func (o *outboxSender) keeps() bool { return true }
