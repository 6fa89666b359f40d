package mail

import (
	"context"
	"errors"

	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// Outbox is how domain operations send e-mail: the message and its send
// job are written in the operation's own transaction, so a committed change
// always gets its e-mail and a rolled-back one never does. The composition
// root builds one and hands it to every package that sends mail.
type Outbox struct {
	store *Store
	queue *jobs.Queue
}

// NewOutbox returns an outbox that stores messages in store and sends them
// through queue.
func NewOutbox(store *Store, queue *jobs.Queue) *Outbox {
	return &Outbox{store: store, queue: queue}
}

// errNoOutbox is what sending through a missing outbox returns, instead of
// a nil-pointer panic in a request.
var errNoOutbox = errors.New("mail: no outbox configured")

// Send queues m in tx and returns the message's ID.
func (o *Outbox) Send(ctx context.Context, tx *sqldb.Tx, m Message) (int64, error) {
	if o == nil || o.store == nil || o.queue == nil {
		return 0, errNoOutbox
	}
	return o.store.QueueTx(ctx, tx, o.queue, m)
}
