package support_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
	"github.com/pagecart/pagecart/internal/support"
)

func TestAskAndInbox(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := support.NewStore(db)
		bad := []struct {
			q     support.Question
			field string
		}{
			{support.Question{Email: "a@b.co", Message: "hi"}, "name"},
			{support.Question{Name: "A", Email: "nope", Message: "hi"}, "email"},
			{support.Question{Name: "A", Email: "a@b.co"}, "message"},
			{support.Question{Name: "A", Email: "a@b.co", Message: strings.Repeat("x", 5001)}, "message"},
		}
		for _, tt := range bad {
			_, err := st.Ask(ctx, tt.q)
			if f, _ := fault.AsInvalid(err); f[tt.field] == "" {
				t.Errorf("%+v: %v", tt.q, err)
			}
		}
		first, err := st.Ask(ctx, support.Question{CategorySlug: "api", ArticleSlug: "status-codes", Name: "Ann", Email: "Ann@Example.com", Message: "What is 509?"})
		if err != nil {
			t.Fatal(err)
		}
		second, _ := st.Ask(ctx, support.Question{CategorySlug: "api", ArticleSlug: "rates", Name: "Bob", Email: "bob@example.com", Message: "Rates?"})
		if err := st.MarkHandled(ctx, second.ID); err != nil {
			t.Fatal(err)
		}
		list, total, err := st.Inbox(ctx, 10, 0)
		if err != nil || total != 2 || list[0].ID != first.ID || list[0].Email != "ann@example.com" || list[1].HandledAt.IsZero() {
			t.Fatalf("inbox = %+v, %d, %v", list, total, err)
		}
	})
}
