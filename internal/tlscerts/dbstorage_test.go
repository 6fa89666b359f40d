package tlscerts_test

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
	"github.com/pagecart/pagecart/internal/tlscerts"
)

// The storage behaves as certmagic expects of a file system: values by
// key, directories made of key prefixes (with _ and % taken literally),
// fs.ErrNotExist for what is not there, and one holder of a lock at a time
// across two storages on one database.
func TestDBStorage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, b := tlscerts.NewDBStorage(db), tlscerts.NewDBStorage(db)
		put := map[string]string{
			"certificates/acme_dir/x.example/x.example.crt":     "CERT",
			"certificates/acme_dir/x.example/x.example.key":     "KEY",
			"certificates/acme_dir/y_z.example/y_z.example.crt": "CERT2",
			"acme/acme_dir/users/ops@example.com/ops.json":      "{}",
			"certificates/acme%dir/other.crt":                   "X",
		}
		for k, v := range put {
			if err := a.Store(ctx, k, []byte(v)); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.Store(ctx, "certificates/acme_dir/x.example/x.example.crt", []byte("RENEWED")); err != nil {
			t.Fatal(err)
		}
		if v, err := b.Load(ctx, "certificates/acme_dir/x.example/x.example.crt"); err != nil || string(v) != "RENEWED" {
			t.Fatalf("load from the other storage: %q %v", v, err)
		}
		if _, err := b.Load(ctx, "certificates/nothing"); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("load missing: %v", err)
		}
		list, err := b.List(ctx, "certificates/acme_dir", false)
		if want := []string{"certificates/acme_dir/x.example", "certificates/acme_dir/y_z.example"}; err != nil || !slices.Equal(list, want) {
			t.Fatalf("list: %v %v", list, err)
		}
		list, err = b.List(ctx, "certificates/acme_dir", true)
		if err != nil || len(list) != 3 {
			t.Fatalf("recursive list: %v %v", list, err)
		}
		if _, err := b.List(ctx, "certificates/acme", false); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("a prefix that is not a directory listed: %v", err)
		}
		info, err := b.Stat(ctx, "certificates/acme_dir/x.example/x.example.key")
		if err != nil || !info.IsTerminal || info.Size != 3 {
			t.Fatalf("stat value: %+v %v", info, err)
		}
		if info, err := b.Stat(ctx, "certificates/acme_dir/x.example"); err != nil || info.IsTerminal {
			t.Fatalf("stat directory: %+v %v", info, err)
		}
		if !b.Exists(ctx, "acme/acme_dir/users") || b.Exists(ctx, "acme/acme_dir/user") {
			t.Fatal("Exists of a directory and of a prefix that is none")
		}
		if err := a.Delete(ctx, "certificates/acme_dir/x.example"); err != nil {
			t.Fatal(err)
		}
		if b.Exists(ctx, "certificates/acme_dir/x.example/x.example.crt") || !b.Exists(ctx, "certificates/acme_dir/y_z.example/y_z.example.crt") ||
			!b.Exists(ctx, "certificates/acme%dir/other.crt") {
			t.Fatal("delete of a directory removed the wrong keys")
		}
		if err := a.Delete(ctx, "certificates/never"); err != nil {
			t.Fatalf("delete missing: %v", err)
		}

		// Locks: b waits while a holds the lock, and gets it at Unlock.
		if err := a.Lock(ctx, "issue_cert_x.example"); err != nil {
			t.Fatal(err)
		}
		if ok, err := b.TryLock(ctx, "issue_cert_x.example"); err != nil || ok {
			t.Fatalf("b took a held lock: %v %v", ok, err)
		}
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		if err := b.Lock(short, "issue_cert_x.example"); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("b's wait: %v", err)
		}
		cancel()
		got := make(chan error, 1)
		go func() { got <- b.Lock(ctx, "issue_cert_x.example") }()
		if err := a.Unlock(ctx, "issue_cert_x.example"); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-got:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("b never got the released lock")
		}
		if err := b.Unlock(ctx, "issue_cert_x.example"); err != nil {
			t.Fatal(err)
		}
	})
}
