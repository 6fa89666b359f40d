package web_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/sites"
)

// apiToken creates a token of site with the given scopes (all the product
// and content ones when none) and returns its secret.
func apiToken(t testing.TB, h *apptest.Harness, site sites.Site, n apitokens.NewToken) string {
	t.Helper()
	if n.Name == "" {
		n.Name = "test"
	}
	if n.Scopes == nil {
		n.Scopes = []apitokens.Scope{"read_products", "write_products", "read_content"}
	}
	_, secret, err := h.App.APITokens.Create(t.Context(), site.ID, n)
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// gql is the JSON body of a GraphQL request.
func gql(query string, vars map[string]any) string {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return string(b)
}

// apiHeader is the header of an API request with token.
func apiHeader(token string, more ...string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(more); i += 2 {
		h.Set(more[i], more[i+1])
	}
	return h
}

// apiReply is what the tests read of a reply.
type apiReply struct {
	Code       string          `json:"code"`
	RequestID  string          `json:"requestId"`
	Data       json.RawMessage `json:"data"`
	Errors     []struct{ Message string }
	Extensions struct {
		Cost struct {
			Requested, Actual int
			Rate              struct{ Limit, Remaining int }
		}
		Withheld []string
	}
}

func decodeReply(t testing.TB, body string) apiReply {
	t.Helper()
	var r apiReply
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("reply is not JSON: %v\n%s", err, body)
	}
	return r
}

var never = time.Time{}
