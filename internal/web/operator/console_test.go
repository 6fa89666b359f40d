package operator_test

import (
	"fmt"
	"testing"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/sites"
)

const opEmail = "ops@example.com"

// newPlatform is the whole platform with one operator, opEmail.
func newPlatform(t *testing.T) *apptest.Harness {
	t.Helper()
	h := apptest.New(t)
	h.NewOperator(opEmail)
	return h
}

// site creates a site titled title, owned by owner-NAME@example.com. What
// its creation announced is forgotten: what a test checks starts after.
func site(t *testing.T, h *apptest.Harness, name, title string) sites.Site {
	t.Helper()
	s, _ := h.NewSite(name, "owner-"+name+"@example.com")
	set := s.Settings()
	set.Title = title
	if err := h.App.Sites.UpdateSettings(t.Context(), s.ID, set); err != nil {
		t.Fatal(err)
	}
	h.ResetAnnounced()
	return h.Site(s.ID)
}

func sitePath(id int64, action string) string { return fmt.Sprintf("/operator/sites/%d%s", id, action) }
