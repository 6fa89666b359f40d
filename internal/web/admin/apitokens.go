package admin

import (
	"net/http"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/web/api/graph"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// apiData is the API page: the site's tokens, the form for a new one and,
// right after creating one, its secret (shown this once).
type apiData struct {
	Tokens   []apitokens.Token
	Scopes   []scopeChoice
	Plan     plans.Plan
	Secret   string
	New      apitokens.Token
	Endpoint string
	Now      time.Time
}

func (a *Admin) apiPage(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.showAPI(w, r, st, http.StatusOK, &ui.Form{Values: url.Values{"scope": {"read_products"}}}, "", apitokens.Token{})
}

// scopeChoice is a scope's checkbox on the form.
type scopeChoice struct {
	apitokens.ScopeInfo
	Checked bool
}

func (a *Admin) showAPI(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form, secret string, made apitokens.Token) error {
	toks, err := a.d.APITokens.List(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	var scopes []scopeChoice
	for _, s := range apitokens.Scopes() {
		scopes = append(scopes, scopeChoice{ScopeInfo: s, Checked: slices.Contains(f.Values["scope"], string(s.Scope))})
	}
	return a.render(w, r, status, "api.html", "API", f, apiData{Tokens: toks, Scopes: scopes,
		Plan: st.site.Entitlements(), Secret: secret, New: made, Endpoint: a.d.Config.SiteURL(st.site.Name) + "/api/graphql", Now: time.Now()})
}

// createAPIToken makes a token and shows its secret on the page it
// answers with: never in a redirect, a flash or a log line.
func (a *Admin) createAPIToken(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	n := apitokens.NewToken{Name: f.Value("name"), AllowedIPs: f.Value("allowed_ips"), Limited: f.Checked("limited"),
		CreatedBy: st.account.Email}
	for _, s := range f.Values["scope"] {
		n.Scopes = append(n.Scopes, apitokens.Scope(s))
	}
	if v := f.Value("expires"); v != "" {
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			f.Set("expires", "Give the date as YYYY-MM-DD, or leave it empty.")
			return a.showAPI(w, r, st, http.StatusUnprocessableEntity, f, "", apitokens.Token{})
		}
		n.ExpiresAt = t.Add(24*time.Hour - time.Second)
	}
	if v := f.Value("daily_cap"); v != "" {
		c, err := strconv.ParseInt(strings.ReplaceAll(v, ",", ""), 10, 64)
		if err != nil || c < 1 {
			f.Set("daily_cap", "Give a whole number of points, or leave it empty for none.")
			return a.showAPI(w, r, st, http.StatusUnprocessableEntity, f, "", apitokens.Token{})
		}
		n.DailyCap = c
	}
	tok, secret, err := a.d.APITokens.Create(r.Context(), st.site.ID, n)
	if err != nil {
		if f.Absorb(err) {
			return a.showAPI(w, r, st, http.StatusUnprocessableEntity, f, "", apitokens.Token{})
		}
		return err
	}
	return a.showAPI(w, r, st, http.StatusCreated, &ui.Form{}, secret, tok)
}

// apiToken returns a token of this site by the URL's ID.
func (a *Admin) apiToken(r *http.Request, st *state) (apitokens.Token, error) {
	id, err := pathID(r)
	if err != nil {
		return apitokens.Token{}, err
	}
	toks, err := a.d.APITokens.List(r.Context(), st.site.ID)
	if err != nil {
		return apitokens.Token{}, err
	}
	for _, t := range toks {
		if t.ID == id {
			return t, nil
		}
	}
	return apitokens.Token{}, fault.ErrNotFound
}

func (a *Admin) confirmRevokeAPIToken(w http.ResponseWriter, r *http.Request, st *state) error {
	t, err := a.apiToken(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Revoke the token " + t.Name + "?",
		Message: "Programs using it are refused from the next request on. This cannot be undone; you can create a new token.",
		Action:  "/admin/api/tokens/" + strconv.FormatInt(t.ID, 10) + "/revoke", Button: "Revoke", Cancel: "/admin/api"})
}

func (a *Admin) revokeAPIToken(w http.ResponseWriter, r *http.Request, st *state) error {
	t, err := a.apiToken(r, st)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return a.confirmRevokeAPIToken(w, r, st)
	}
	if err := a.d.APITokens.Revoke(r.Context(), st.site.ID, t.ID); err != nil {
		return err
	}
	return done(w, r, "/admin/api", "The token "+t.Name+" is revoked.")
}

// apiDocs is the API's reference for the owner: queries, mutations,
// scopes and limits, and a console that runs a query with a pasted token.
func (a *Admin) apiDocs(w http.ResponseWriter, r *http.Request, st *state) error {
	ops, err := operations()
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "api_docs.html", "API documentation", nil, apiDocsData{apiData: apiData{Scopes: scopeChoices(),
		Plan: st.site.Entitlements(), Endpoint: a.d.Config.SiteURL(st.site.Name) + "/api/graphql"}, Operations: ops})
}

type apiDocsData struct {
	apiData
	Operations []operation
}

// operation is one query or mutation as the documentation lists it.
type operation struct {
	Kind, Name, Signature, Description, Scope string
	Partner                                   bool
}

// operations reads the queries and mutations from the API's own schema,
// so that the documentation lists exactly what the API serves.
func operations() ([]operation, error) {
	schema, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: graph.Source})
	if err != nil {
		return nil, err
	}
	var out []operation
	for _, root := range []*ast.Definition{schema.Query, schema.Mutation} {
		if root == nil {
			continue
		}
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			op := operation{Kind: strings.ToLower(root.Name), Name: f.Name, Description: f.Description,
				Partner: f.Directives.ForName("partner") != nil}
			if d := f.Directives.ForName("scope"); d != nil {
				if arg := d.Arguments.ForName("needs"); arg != nil {
					op.Scope = arg.Value.Raw
				}
			}
			var args []string
			for _, a := range f.Arguments {
				args = append(args, a.Name+": "+a.Type.String())
			}
			op.Signature = f.Name
			if len(args) > 0 {
				op.Signature += "(" + strings.Join(args, ", ") + ")"
			}
			op.Signature += ": " + f.Type.String()
			out = append(out, op)
		}
	}
	return out, nil
}

func scopeChoices() []scopeChoice {
	var out []scopeChoice
	for _, s := range apitokens.Scopes() {
		out = append(out, scopeChoice{ScopeInfo: s})
	}
	return out
}
