package accounts

import (
	"context"
	"errors"
	"testing"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

func TestCreateTx(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, clk := newTestStore(db)
		a := mustAccount(t, s, " Anna@Example.com ")
		if a.Email != "anna@example.com" || a.TermsVersion != "2026-01" ||
			!a.TermsAcceptedAt.Equal(clk.now()) || !a.CreatedAt.Equal(clk.now()) {
			t.Errorf("created %+v", a)
		}
		for _, tc := range []struct {
			name, email, password string
			want                  map[string]string
		}{
			{"duplicate in another case", "ANNA@example.COM", goodPassword,
				map[string]string{"email": "An account with this e-mail already exists. Log in instead."}},
			{"bad e-mail and short password", "anna", "short",
				map[string]string{"email": "Enter a valid e-mail address, like name@example.com.",
					"password": "Use at least 10 characters."}},
			{"password is the e-mail", "bob@example.com", "bob@example.com",
				map[string]string{"password": "The password must not be your e-mail address."}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				cred, err := s.NewCredential(ctx, tc.email, tc.password)
				if err == nil {
					err = db.InTx(ctx, func(tx *sqldb.Tx) error {
						_, err := s.CreateTx(ctx, tx, cred, "2026-01")
						return err
					})
				}
				var verr *fault.Invalid
				if !errors.As(err, &verr) {
					t.Fatalf("got %v, want a *fault.Invalid", err)
				}
				if len(verr.Fields) != len(tc.want) {
					t.Errorf("fields %v, want %v", verr.Fields, tc.want)
				}
				for f, msg := range tc.want {
					if verr.Fields[f] != msg {
						t.Errorf("%s: %q, want %q", f, verr.Fields[f], msg)
					}
				}
			})
		}

		got, err := s.ByEmail(ctx, "ANNA@EXAMPLE.COM")
		if err != nil || got != a {
			t.Errorf("ByEmail = %+v, %v; want %+v", got, err, a)
		}
		got, err = s.ByID(ctx, a.ID)
		if err != nil || got != a {
			t.Errorf("ByID = %+v, %v; want %+v", got, err, a)
		}
		if _, err := s.ByID(ctx, a.ID+1); !errors.Is(err, ErrNotFound) {
			t.Errorf("ByID of an unknown ID: %v, want ErrNotFound", err)
		}
		if _, err := s.ByEmail(ctx, "nobody@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("ByEmail of an unknown address: %v, want ErrNotFound", err)
		}
		if _, err := s.ByEmail(ctx, "not an address"); !errors.Is(err, ErrNotFound) {
			t.Errorf("ByEmail of garbage: %v, want ErrNotFound", err)
		}
	})
}

func TestCreateTxWithoutTerms(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, _ := newTestStore(db)
		var a Account
		cred, err := s.NewCredential(ctx, "op@example.com", goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, func(tx *sqldb.Tx) (err error) {
			a, err = s.CreateTx(ctx, tx, cred, "")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.ByID(ctx, a.ID)
		if err != nil || !got.TermsAcceptedAt.IsZero() || got.TermsVersion != "" {
			t.Errorf("got %+v, %v; want no terms accepted", got, err)
		}
	})
}
