// Package mail sends Pagecart's e-mail through the job queue: a message is
// stored and its send job inserted in the transaction of the change that
// caused it, and a worker delivers it by SMTP or, when no SMTP server is
// configured, keeps it in the outbox for the operator console to show.
package mail

import (
	"fmt"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
)

// The states of a message.
const (
	// StatusQueued: stored, waiting for the worker.
	StatusQueued = "queued"
	// StatusSent: accepted by the SMTP server.
	StatusSent = "sent"
	// StatusKept: no SMTP server is configured; the message stays in the
	// outbox, readable in the operator console.
	StatusKept = "kept"
	// StatusFailed: the server refused it for good, or every retry failed.
	StatusFailed = "failed"
)

// ErrNotFound is returned for a message ID that does not exist; it is
// fault.ErrNotFound, so a handler that returns it shows the 404 page.
var ErrNotFound = fmt.Errorf("mail message %w", fault.ErrNotFound)

// Message is one e-mail, plain text, to one recipient.
type Message struct {
	ID int64
	// SiteID is the site on whose behalf it is sent; 0 means the platform
	// itself (signup, password reset, operator notices).
	SiteID  int64
	To      string
	Subject string
	Text    string
	Status  string
	// Error is the last delivery error, kept while River retries.
	Error     string
	CreatedAt time.Time
	SentAt    time.Time
}
