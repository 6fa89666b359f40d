package tlscerts

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/caddyserver/certmagic"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// DBStorage keeps certmagic's certificates, keys and ACME account in the
// platform's database (tables tls_storage and tls_locks), so that every node
// of a multi-node platform finds the certificate another node obtained and
// only one node at a time asks the CA for a name: with a storage per node,
// each node would order its own certificate and soon hit the CA's rate
// limits. It needs nothing the platform does not already run.
type DBStorage struct {
	db *sqldb.DB
	// lockTTL is how long a lock lasts without its holder renewing it, so
	// that a node that died holding one does not block the others for long.
	lockTTL time.Duration
	now     func() time.Time

	mu    sync.Mutex
	held  map[string]chan struct{} // locks this process holds: closing stops their renewal
	retry time.Duration
}

// NewDBStorage returns a storage on db.
func NewDBStorage(db *sqldb.DB) *DBStorage {
	return &DBStorage{db: db, lockTTL: time.Minute, now: time.Now, held: map[string]chan struct{}{}, retry: time.Second}
}

var _ certmagic.Storage = (*DBStorage)(nil)

// Store puts value at key.
func (s *DBStorage) Store(ctx context.Context, key string, value []byte) error {
	_, err := s.db.Exec(ctx, `INSERT INTO tls_storage (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, base64.StdEncoding.EncodeToString(value), sqldb.Millis(s.now()))
	if err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	return nil
}

// Load returns the value at key, or fs.ErrNotExist.
func (s *DBStorage) Load(ctx context.Context, key string) ([]byte, error) {
	var v string
	err := s.db.QueryRow(ctx, `SELECT value FROM tls_storage WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fs.ErrNotExist
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", key, err)
	}
	return base64.StdEncoding.DecodeString(v)
}

// under is the condition for the keys inside the "directory" prefix; it
// compares the start of the key instead of using LIKE, whose wildcards
// (_ and %) appear in keys.
const under = `substr(key, 1, ?) = ?`

// Delete removes key and, if key is a directory, every key under it.
func (s *DBStorage) Delete(ctx context.Context, key string) error {
	dir := strings.TrimSuffix(key, "/") + "/"
	if _, err := s.db.Exec(ctx, `DELETE FROM tls_storage WHERE key = ? OR `+under, key, len(dir), dir); err != nil {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// Exists reports whether key is a value or a directory.
func (s *DBStorage) Exists(ctx context.Context, key string) bool {
	_, err := s.Stat(ctx, key)
	return err == nil
}

// List returns the keys directly under path, or with recursive every key
// below it.
func (s *DBStorage) List(ctx context.Context, path string, recursive bool) ([]string, error) {
	dir := strings.TrimSuffix(path, "/") + "/"
	if path == "" {
		dir = ""
	}
	rows, err := s.db.Query(ctx, `SELECT key FROM tls_storage WHERE `+under+` ORDER BY key`, len(dir), dir)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", path, err)
	}
	defer rows.Close()
	var out []string
	seen := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		if !recursive {
			// The child of path this key is in: a value or a directory.
			if i := strings.IndexByte(k[len(dir):], '/'); i >= 0 {
				k = k[:len(dir)+i]
			}
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fs.ErrNotExist
	}
	return out, nil
}

// Stat describes key: a value with its size and time, or a directory.
func (s *DBStorage) Stat(ctx context.Context, key string) (certmagic.KeyInfo, error) {
	var v string
	var at int64
	err := s.db.QueryRow(ctx, `SELECT value, updated_at FROM tls_storage WHERE key = ?`, key).Scan(&v, &at)
	if err == nil {
		b, err := base64.StdEncoding.DecodeString(v)
		return certmagic.KeyInfo{Key: key, Modified: sqldb.Time(at), Size: int64(len(b)), IsTerminal: true}, err
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return certmagic.KeyInfo{}, fmt.Errorf("stat %s: %w", key, err)
	}
	dir := strings.TrimSuffix(key, "/") + "/"
	var one int
	err = s.db.QueryRow(ctx, `SELECT 1 FROM tls_storage WHERE `+under+` LIMIT 1`, len(dir), dir).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return certmagic.KeyInfo{}, fs.ErrNotExist
	}
	if err != nil {
		return certmagic.KeyInfo{}, fmt.Errorf("stat %s: %w", key, err)
	}
	return certmagic.KeyInfo{Key: key, IsTerminal: false}, nil
}

// Lock waits until this process holds the named lock, or ctx ends. A lock
// is a row that expires lockTTL after it was last renewed; the holder
// renews it while it works, so only a dead holder's lock expires.
func (s *DBStorage) Lock(ctx context.Context, name string) error {
	for {
		ok, err := s.TryLock(ctx, name)
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(s.retry):
		}
	}
}

// TryLock takes the named lock if it is free (or expired) and reports
// whether it did.
func (s *DBStorage) TryLock(ctx context.Context, name string) (bool, error) {
	now := s.now()
	res, err := s.db.Exec(ctx, `INSERT INTO tls_locks (name, expires_at) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET expires_at = excluded.expires_at WHERE tls_locks.expires_at < ?`,
		name, sqldb.Millis(now.Add(s.lockTTL)), sqldb.Millis(now))
	if err != nil {
		return false, fmt.Errorf("lock %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	stop := make(chan struct{})
	s.mu.Lock()
	if old, ok := s.held[name]; ok {
		close(old)
	}
	s.held[name] = stop
	s.mu.Unlock()
	go s.renew(name, stop)
	return true, nil
}

// renew keeps a held lock from expiring until Unlock.
func (s *DBStorage) renew(name string, stop chan struct{}) {
	t := time.NewTicker(s.lockTTL / 3)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), s.lockTTL/3)
			_, _ = s.db.Exec(ctx, `UPDATE tls_locks SET expires_at = ? WHERE name = ?`, sqldb.Millis(s.now().Add(s.lockTTL)), name)
			cancel()
		}
	}
}

// Unlock releases a lock this process holds.
func (s *DBStorage) Unlock(ctx context.Context, name string) error {
	s.mu.Lock()
	if stop, ok := s.held[name]; ok {
		close(stop)
		delete(s.held, name)
	}
	s.mu.Unlock()
	if _, err := s.db.Exec(ctx, `DELETE FROM tls_locks WHERE name = ?`, name); err != nil {
		return fmt.Errorf("unlock %s: %w", name, err)
	}
	return nil
}
