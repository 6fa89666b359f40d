package operator

import (
	"net/http"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// partnersData is the partner tokens page; Secret is the new token's
// secret, shown on the answer to the form that made it and never again.
type partnersData struct {
	Partners []apitokens.Partner
	Secret   string
	New      apitokens.Partner
}

func (o *Operator) partnersPage(w http.ResponseWriter, r *http.Request) error {
	return o.renderPartners(w, r, http.StatusOK, nil, partnersData{})
}

func (o *Operator) renderPartners(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, d partnersData) error {
	ps, err := o.d.APITokens.Partners(r.Context())
	if err != nil {
		return err
	}
	d.Partners = ps
	return o.render(w, r, status, "partners.html", "Partner tokens", f, d)
}

// createPartner issues a partner token: integration partners send it in
// X-Partner-Token, with a site's own token, for the operations the API's
// schema marks @partner.
func (o *Operator) createPartner(w http.ResponseWriter, r *http.Request) error {
	f := ui.NewForm(r)
	op, _ := current(r.Context())
	p, secret, err := o.d.APITokens.CreatePartner(r.Context(), f.Value("name"), op.Email)
	if err != nil {
		if f.Absorb(err) {
			return o.renderPartners(w, r, http.StatusUnprocessableEntity, f, partnersData{})
		}
		return err
	}
	o.d.Logger.InfoContext(r.Context(), "partner token issued", "operator", op.Email, "partner", p.Name, "prefix", p.Prefix)
	return o.renderPartners(w, r, http.StatusCreated, nil, partnersData{Secret: secret, New: p})
}

func (o *Operator) revokePartner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := o.d.APITokens.RevokePartner(r.Context(), id); err != nil {
		return err
	}
	op, _ := current(r.Context())
	o.d.Logger.InfoContext(r.Context(), "partner token revoked", "operator", op.Email, "id", id)
	return done(w, r, "/operator/partners", "The partner token is revoked: requests with it are refused at once.")
}
