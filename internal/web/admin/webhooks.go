package admin

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/ui"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// webhooksPath is the list of a site's webhooks.
const webhooksPath = "/admin/webhooks"

// webhookURL is the page of one subscription.
func webhookURL(id int64) string { return webhooksPath + "/" + strconv.FormatInt(id, 10) }

type webhooksData struct {
	Subscriptions []webhooks.Subscription
	Topics        []webhooks.Topic
	Max           int
	// Created is set on the page right after creating one: its secret is
	// shown there, once.
	Created *webhooks.Subscription
}

func (a *Admin) listWebhooks(w http.ResponseWriter, r *http.Request, st *state) error {
	return a.showWebhooks(w, r, st, http.StatusOK, &ui.Form{Values: url.Values{"topic": {"orders/create"}}}, nil)
}

func (a *Admin) showWebhooks(w http.ResponseWriter, r *http.Request, st *state, status int, f *ui.Form, created *webhooks.Subscription) error {
	subs, err := a.d.Webhooks.List(r.Context(), st.site.ID)
	if err != nil {
		return err
	}
	return a.render(w, r, status, "webhooks.html", "Webhooks", f,
		webhooksData{Subscriptions: subs, Topics: webhooks.Topics, Max: webhooks.MaxSubscriptions, Created: created})
}

// createWebhook adds a subscription and shows its signing secret on the
// page that answers the POST: the only time it is shown. Unlike other
// forms it does not redirect, since a redirect would have to carry the
// secret in the URL or a cookie.
func (a *Admin) createWebhook(w http.ResponseWriter, r *http.Request, st *state) error {
	f := ui.NewForm(r)
	sub, err := a.d.Webhooks.Create(r.Context(), st.site.ID, webhooks.Input{Topic: f.Value("topic"), URL: f.Value("url")})
	if err != nil {
		if f.Absorb(err) {
			return a.showWebhooks(w, r, st, http.StatusUnprocessableEntity, f, nil)
		}
		return err
	}
	return a.showWebhooks(w, r, st, http.StatusCreated, &ui.Form{Values: url.Values{"topic": {sub.Topic}}}, &sub)
}

type webhookData struct {
	Sub    webhooks.Subscription
	Topics []webhooks.Topic
	Page   webhooks.DeliveryPage
	// Newer leads back to the newest deliveries when this page is older.
	Newer bool
	Next  string
}

// webhook shows one subscription: its state, a form to change it, and its
// delivery log, newest first, a page at a time.
func (a *Admin) webhook(w http.ResponseWriter, r *http.Request, st *state) error {
	sub, err := a.subscription(r, st)
	if err != nil {
		return err
	}
	f := &ui.Form{Values: url.Values{"topic": {sub.Topic}, "url": {sub.URL}}}
	return a.showWebhook(w, r, st, http.StatusOK, sub, f)
}

func (a *Admin) showWebhook(w http.ResponseWriter, r *http.Request, st *state, status int, sub webhooks.Subscription, f *ui.Form) error {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	page, err := a.d.Webhooks.Deliveries(r.Context(), st.site.ID, sub.ID, max(before, 0), 0)
	if err != nil {
		return err
	}
	d := webhookData{Sub: sub, Topics: webhooks.Topics, Page: page, Newer: before > 0}
	if page.Before != 0 {
		d.Next = webhookURL(sub.ID) + "?before=" + strconv.FormatInt(page.Before, 10) + "#deliveries"
	}
	return a.render(w, r, status, "webhook.html", "Webhook "+sub.Topic, f, d)
}

// subscription is the site's subscription named by the URL's {id}.
func (a *Admin) subscription(r *http.Request, st *state) (webhooks.Subscription, error) {
	id, err := pathID(r)
	if err != nil {
		return webhooks.Subscription{}, err
	}
	return a.d.Webhooks.Get(r.Context(), st.site.ID, id)
}

func (a *Admin) updateWebhook(w http.ResponseWriter, r *http.Request, st *state) error {
	sub, err := a.subscription(r, st)
	if err != nil {
		return err
	}
	f := ui.NewForm(r)
	if _, err := a.d.Webhooks.Update(r.Context(), st.site.ID, sub.ID, webhooks.Input{Topic: f.Value("topic"), URL: f.Value("url")}); err != nil {
		if f.Absorb(err) {
			return a.showWebhook(w, r, st, http.StatusUnprocessableEntity, sub, f)
		}
		return err
	}
	return done(w, r, webhookURL(sub.ID), "Webhook saved.")
}

func (a *Admin) pauseWebhook(w http.ResponseWriter, r *http.Request, st *state) error {
	sub, err := a.subscription(r, st)
	if err != nil {
		return err
	}
	if err := a.d.Webhooks.Pause(r.Context(), st.site.ID, sub.ID); err != nil {
		return err
	}
	return done(w, r, webhookURL(sub.ID), "Webhook paused: no events are sent to it until you resume it.")
}

func (a *Admin) resumeWebhook(w http.ResponseWriter, r *http.Request, st *state) error {
	sub, err := a.subscription(r, st)
	if err != nil {
		return err
	}
	if err := a.d.Webhooks.Resume(r.Context(), st.site.ID, sub.ID); err != nil {
		return err
	}
	return done(w, r, webhookURL(sub.ID), "Webhook resumed: events from now on are sent to it. Resend the deliveries you missed from the log below.")
}

func (a *Admin) confirmDeleteWebhook(w http.ResponseWriter, r *http.Request, st *state) error {
	sub, err := a.subscription(r, st)
	if err != nil {
		return err
	}
	return a.confirm(w, r, confirmation{Heading: "Delete this webhook?",
		Message: "Events of " + sub.Topic + " are no longer sent to " + sub.URL + ", and its delivery log is deleted with it. Its signing secret stops working; a new webhook gets a new one.",
		Action:  webhookURL(sub.ID) + "/delete", Button: "Delete webhook", Cancel: webhookURL(sub.ID)})
}

func (a *Admin) deleteWebhook(w http.ResponseWriter, r *http.Request, st *state) error {
	if !confirmed(r) {
		return a.confirmDeleteWebhook(w, r, st)
	}
	sub, err := a.subscription(r, st)
	if err != nil {
		return err
	}
	if err := a.d.Webhooks.Delete(r.Context(), st.site.ID, sub.ID); err != nil {
		return err
	}
	return done(w, r, webhooksPath, "Webhook deleted.")
}

// resendDelivery sends a delivery's event again, as a new delivery.
func (a *Admin) resendDelivery(w http.ResponseWriter, r *http.Request, st *state) error {
	sub, err := a.subscription(r, st)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("delivery"), 10, 64)
	if err != nil || id <= 0 {
		return fault.ErrNotFound
	}
	d, err := a.d.Webhooks.Delivery(r.Context(), st.site.ID, id)
	if err != nil {
		return err
	}
	if d.SubscriptionID != sub.ID {
		return webhooks.ErrDeliveryNotFound
	}
	if _, err := a.d.Webhooks.Resend(r.Context(), st.site.ID, d.ID); err != nil {
		f := &ui.Form{Values: url.Values{"topic": {sub.Topic}, "url": {sub.URL}}}
		if f.Absorb(err) {
			return a.showWebhook(w, r, st, http.StatusUnprocessableEntity, sub, f)
		}
		return err
	}
	return done(w, r, webhookURL(sub.ID)+"#deliveries", "The event is being sent again; the new delivery is at the top of the log.")
}

// hookBadge shows a subscription's or a delivery's state.
func hookBadge(status string) template.HTML {
	switch status {
	case webhooks.StatusActive:
		return `<span class="badge ok">Active</span>`
	case webhooks.StatusPaused:
		return `<span class="badge warn">Paused</span>`
	case webhooks.DeliverySucceeded:
		return `<span class="badge ok">Delivered</span>`
	case webhooks.DeliveryPending:
		return `<span class="badge">Retrying</span>`
	case webhooks.DeliveryFailed:
		return `<span class="badge bad">Failed</span>`
	case webhooks.DeliveryCancelled:
		return `<span class="badge warn">Not sent (paused)</span>`
	}
	return template.HTML(`<span class="badge">` + template.HTMLEscapeString(status) + `</span>`) //nolint:gosec // escaped
}

// httpBadge shows an attempt's HTTP status: green for 2xx, red otherwise,
// "—" when no answer came.
func httpBadge(code int) template.HTML {
	switch {
	case code == 0:
		return `<span class="badge bad">no answer</span>`
	case code >= 200 && code <= 299:
		return template.HTML(`<span class="badge ok">` + strconv.Itoa(code) + `</span>`) //nolint:gosec // a number
	}
	return template.HTML(`<span class="badge bad">` + strconv.Itoa(code) + `</span>`) //nolint:gosec // a number
}
