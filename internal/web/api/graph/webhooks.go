package graph

import (
	"context"
	"errors"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/api/graph/model"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// Webhooks through the API are the admin's (webhooks.Store: Create,
// Update, Delete, Pause, Resume, Deliveries). The signing secret is in
// webhookCreate's reply only.

func webhookOut(s webhooks.Subscription) *model.Webhook {
	return &model.Webhook{ID: id(s.ID), Topic: s.Topic, URL: s.URL, Status: s.Status, PausedReason: s.PausedReason,
		FailingSince: optionalStamp(s.FailingSince), SecretHint: s.SecretHint, CreatedAt: stamp(s.CreatedAt),
		UpdatedAt: stamp(s.UpdatedAt), Raw: s}
}

func (r *Resolver) webhookList(ctx context.Context) ([]*model.Webhook, error) {
	subs, err := r.WebhookStore.List(ctx, caller(ctx).Site.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Webhook, len(subs))
	for i, s := range subs {
		out[i] = webhookOut(s)
	}
	return out, nil
}

func (r *Resolver) webhookByID(ctx context.Context, subID string) (*model.Webhook, error) {
	n, ok := parseID(subID)
	if !ok {
		return nil, notFound("webhook")
	}
	s, err := r.WebhookStore.Get(ctx, caller(ctx).Site.ID, n)
	if errors.Is(err, fault.ErrNotFound) {
		return nil, notFound("webhook")
	}
	if err != nil {
		return nil, err
	}
	return webhookOut(s), nil
}

func (r *Resolver) webhookDeliveries(ctx context.Context, obj *model.Webhook, first *int) ([]*model.WebhookDelivery, error) {
	n, err := pageSize(first, 10)
	if err != nil {
		return nil, err
	}
	page, err := r.WebhookStore.Deliveries(ctx, caller(ctx).Site.ID, obj.Raw.ID, 0, n)
	if err != nil {
		return nil, err
	}
	out := make([]*model.WebhookDelivery, len(page.Deliveries))
	for i, d := range page.Deliveries {
		out[i] = &model.WebhookDelivery{ID: id(d.ID), Topic: d.Topic, Status: d.Status, Attempts: d.Attempts,
			LastStatusCode: d.LastStatus, Payload: d.Payload, CreatedAt: stamp(d.CreatedAt), FinishedAt: optionalStamp(d.FinishedAt),
			Log: make([]*model.WebhookAttempt, len(d.Log))}
		for j, a := range d.Log {
			out[i].Log[j] = &model.WebhookAttempt{Number: a.Number, StatusCode: a.StatusCode, Error: a.Error,
				DurationMs: int(a.Duration.Milliseconds()), At: stamp(a.At)}
		}
	}
	return out, nil
}

// webhookPayload answers a subscription mutation with the subscription as
// it is now, or the store's refusal as userErrors.
func (r *Resolver) webhookPayload(ctx context.Context, subID int64, err error) (*model.WebhookPayload, error) {
	if errors.Is(err, fault.ErrNotFound) {
		return nil, notFound("webhook")
	}
	if err != nil {
		ue, err := userErrors(err, nil)
		return &model.WebhookPayload{UserErrors: ue}, ctxErr(ctx, err)
	}
	w, err := r.webhookByID(ctx, id(subID))
	if err != nil {
		return nil, err
	}
	return &model.WebhookPayload{Webhook: w, UserErrors: []*model.UserError{}}, nil
}

func (r *Resolver) webhookCreate(ctx context.Context, input model.WebhookInput) (*model.WebhookPayload, error) {
	s, err := r.WebhookStore.Create(ctx, caller(ctx).Site.ID, webhooks.Input{Topic: input.Topic, URL: input.URL})
	if err != nil {
		return r.webhookPayload(ctx, 0, err)
	}
	secret := s.Secret
	return &model.WebhookPayload{Webhook: webhookOut(s), Secret: &secret, UserErrors: []*model.UserError{}}, nil
}

// webhookChange runs one change of an existing subscription named by its
// ID argument.
func (r *Resolver) webhookChange(ctx context.Context, subID string, change func(siteID, id int64) error) (*model.WebhookPayload, error) {
	n, ok := parseID(subID)
	if !ok {
		return nil, notFound("webhook")
	}
	return r.webhookPayload(ctx, n, change(caller(ctx).Site.ID, n))
}

func (r *Resolver) webhookUpdate(ctx context.Context, subID string, input model.WebhookInput) (*model.WebhookPayload, error) {
	return r.webhookChange(ctx, subID, func(siteID, n int64) error {
		if _, err := r.WebhookStore.Get(ctx, siteID, n); err != nil {
			return err // not found before any input is judged
		}
		_, err := r.WebhookStore.Update(ctx, siteID, n, webhooks.Input{Topic: input.Topic, URL: input.URL})
		return err
	})
}

func (r *Resolver) webhookPause(ctx context.Context, subID string) (*model.WebhookPayload, error) {
	return r.webhookChange(ctx, subID, func(siteID, n int64) error { return r.WebhookStore.Pause(ctx, siteID, n) })
}

func (r *Resolver) webhookResume(ctx context.Context, subID string) (*model.WebhookPayload, error) {
	return r.webhookChange(ctx, subID, func(siteID, n int64) error { return r.WebhookStore.Resume(ctx, siteID, n) })
}

func (r *Resolver) webhookDelete(ctx context.Context, subID string) (*model.DeletePayload, error) {
	n, ok := parseID(subID)
	if !ok {
		return nil, notFound("webhook")
	}
	if err := r.WebhookStore.Delete(ctx, caller(ctx).Site.ID, n); err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return nil, notFound("webhook")
		}
		return nil, err
	}
	return &model.DeletePayload{DeletedID: &subID, UserErrors: []*model.UserError{}}, nil
}
