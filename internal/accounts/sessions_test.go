package accounts

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestSessions(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		tok, err := s.NewSession(ctx, SessionAccount, 42)
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.NewSession(ctx, SessionAccount, 42)
		if err != nil {
			t.Fatal(err)
		}
		op, err := s.NewSession(ctx, SessionOperator, 42)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.NewSession(ctx, "admin", 42); err == nil {
			t.Error("a session of an unknown kind was created")
		}
		var stored int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, tok).Scan(&stored); err != nil || stored != 0 {
			t.Errorf("the token itself is stored (%d rows, %v)", stored, err)
		}

		lookups := []struct {
			name, kind, token string
			want              int64
			err               error
		}{
			{"live", SessionAccount, tok, 42, nil},
			{"operator", SessionOperator, op, 42, nil},
			{"account token as operator", SessionOperator, tok, 0, ErrNotFound},
			{"operator token as account", SessionAccount, op, 0, ErrNotFound},
			{"unknown", SessionAccount, "nope", 0, ErrNotFound},
			{"empty", SessionAccount, "", 0, ErrNotFound},
		}
		for _, tc := range lookups {
			id, err := s.Session(ctx, tc.kind, tc.token)
			if id != tc.want || !errors.Is(err, tc.err) {
				t.Errorf("%s: %d, %v; want %d, %v", tc.name, id, err, tc.want, tc.err)
			}
		}

		if err := s.EndSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, SessionAccount, tok); !errors.Is(err, ErrNotFound) {
			t.Errorf("after logout: %v, want ErrNotFound", err)
		}
		if _, err := s.Session(ctx, SessionAccount, other); err != nil {
			t.Errorf("another session of the same person ended too: %v", err)
		}

		clk.advance(SessionTTL - time.Millisecond)
		if _, err := s.Session(ctx, SessionAccount, other); err != nil {
			t.Errorf("just before expiry: %v", err)
		}
		clk.advance(time.Millisecond)
		if _, err := s.Session(ctx, SessionAccount, other); !errors.Is(err, ErrNotFound) {
			t.Errorf("at expiry: %v, want ErrNotFound", err)
		}
		if n, err := s.DeleteExpiredSessions(ctx); err != nil || n != 2 {
			t.Errorf("deleted %d expired sessions, %v; want 2", n, err)
		}
	})
}

func TestEndAllSessions(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := newTestStore(db)
		a1, _ := s.NewSession(ctx, SessionAccount, 1)
		a2, _ := s.NewSession(ctx, SessionAccount, 1)
		b, _ := s.NewSession(ctx, SessionAccount, 2)
		op, _ := s.NewSession(ctx, SessionOperator, 1)
		if err := s.EndAllSessions(ctx, SessionAccount, 1); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			kind, token string
			alive       bool
		}{
			{SessionAccount, a1, false},
			{SessionAccount, a2, false},
			{SessionAccount, b, true},
			{SessionOperator, op, true},
		} {
			_, err := s.Session(ctx, tc.kind, tc.token)
			if alive := err == nil; alive != tc.alive {
				t.Errorf("%s session alive = %v (%v), want %v", tc.kind, alive, err, tc.alive)
			}
		}
	})
}
