package operator

import "net/http"

// Routes mounts the console on the platform host's mux. Every page but the
// login needs an operator session.
func (o *Operator) Routes(mux *http.ServeMux) {
	mux.Handle("GET /operator/login", o.handle(o.loginPage))
	mux.Handle("POST /operator/login", o.handle(o.login))
	mux.Handle("POST /operator/logout", o.handle(o.logout))

	mux.Handle("GET /operator", o.page(o.listSites))
	mux.Handle("GET /operator/{$}", http.RedirectHandler("/operator", http.StatusMovedPermanently))
	mux.Handle("GET /operator/sites/{id}", o.page(o.showSite))
	mux.Handle("POST /operator/sites/{id}/trial", o.page(o.extendTrial))
	mux.Handle("POST /operator/sites/{id}/plan", o.page(o.setPlan))
	mux.Handle("POST /operator/sites/{id}/suspend", o.page(o.suspend))
	mux.Handle("POST /operator/sites/{id}/restore", o.page(o.restore))
	mux.Handle("POST /operator/sites/{id}/maintenance", o.page(o.siteMaintenance))

	mux.Handle("GET /operator/maintenance", o.page(o.maintenancePage))
	mux.Handle("POST /operator/maintenance", o.page(o.setMaintenance))

	// Partner tokens for the API's @partner operations (partners.go).
	mux.Handle("GET /operator/partners", o.page(o.partnersPage))
	mux.Handle("POST /operator/partners", o.page(o.createPartner))
	mux.Handle("POST /operator/partners/{id}/revoke", o.page(o.revokePartner))

	mux.Handle("GET /operator/outbox", o.page(o.outbox))
	mux.Handle("GET /operator/outbox/{id}", o.page(o.message))

	mux.Handle("GET /operator/domains", o.page(o.domainOrders))
	mux.Handle("POST /operator/domains/{site}/{id}/registered", o.page(o.markRegistered))

	// The platform host's own cookie-consent log, as proof (consent.go).
	mux.Handle("GET /operator/consent", o.page(o.consentLog))
	mux.Handle("GET /operator/consent.csv", o.page(o.exportConsentLog))

	mux.Handle("GET /operator/inbox", o.page(o.inbox))
	mux.Handle("GET /operator/inbox/{id}", o.page(o.question))
	mux.Handle("POST /operator/inbox/{id}/handled", o.page(o.markHandled))

	// Owners' requests for a design of their own (design_requests.go).
	mux.Handle("GET /operator/design-requests", o.page(o.designRequests))
	mux.Handle("GET /operator/design-requests/{site}/{id}", o.page(o.designRequest))
	mux.Handle("POST /operator/design-requests/{site}/{id}/reply", o.page(o.replyDesignRequest))
	mux.Handle("POST /operator/design-requests/{site}/{id}/status", o.page(o.setDesignRequestStatus))

	// Anything else under /operator is the console's own 404, behind the login.
	mux.Handle("/operator/", o.page(func(w http.ResponseWriter, r *http.Request) error {
		o.rd.NotFound(w, r)
		return nil
	}))
}
