package api

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/idempotency"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/web/api/graph"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// serveGraphQL decides a request's status in the order of API.md's table,
// one step after the other, so that a reader can follow the contract here.
//
// Steps 1 to 3 are the web front's, before any area runs, for every site
// request alike (internal/web/server.go, route):
//
//  1. 404 SITE_NOT_FOUND: the host is no site.
//  2. 301/308 with Location: a non-primary host of the site.
//  3. 501 MAINTENANCE with Retry-After: the platform or the site is in
//     maintenance (ui.ErrorInfo.APIStatus).
//
// 503 UNAVAILABLE (load shedding) and the 10 s deadline (504 TIMEOUT) are
// middleware too (internal/web/middleware.go). 502 BAD_GATEWAY is the
// limiter's: Redis unreachable when the operator made it strict. The steps from 4 on are
// below. Nothing refused before execution costs anything against quotas.
func (a *API) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	site, ok := request.Site(r.Context())
	if !ok {
		a.notFound(w, r)
		return
	}
	plan := site.Entitlements()
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	setPolicy(h, plan)
	reply := &ui.APIReply{ContentType: responseType(r)}

	// The request is read and parsed first, but a problem with it is only
	// answered at its place in the order (step 9/10): an integrator whose
	// token is wrong hears of the token first.
	r = r.WithContext(graphql.StartOperationTrace(r.Context()))
	p, bad := readParams(r)
	var op *graphql.OperationContext
	var gqlErrs gqlerror.List
	if bad == nil {
		op, gqlErrs = a.exec.CreateOperationContext(r.Context(), &graphql.RawParams{Query: p.Query,
			OperationName: p.OperationName, Variables: p.Variables, Extensions: p.Extensions})
	}
	parsed := bad == nil && len(gqlErrs) == 0 && op != nil && op.Operation != nil
	var scopes []string
	var needsPartner bool
	if parsed {
		scopes, needsPartner = needs(op.Operation)
		// GraphQL-over-HTTP: a mutation is never run for a GET.
		if r.Method == http.MethodGet && op.Operation.Operation != ast.Query {
			h.Set("Allow", "POST")
			a.refuse(w, r, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "Send mutations with POST.", reply)
			return
		}
	}

	// 4. 412: the operation needs a partner token, and it is missing or invalid.
	if needsPartner {
		secret := r.Header.Get("X-Partner-Token")
		if secret == "" {
			a.refuse(w, r, http.StatusPreconditionFailed, "PARTNER_TOKEN_REQUIRED",
				"This operation needs a partner token in the X-Partner-Token header.", reply)
			return
		}
		if _, err := a.Tokens.AuthenticatePartner(r.Context(), secret); err != nil {
			if !errors.Is(err, apitokens.ErrUnknown) {
				a.fail(w, r, err, reply)
				return
			}
			a.refuse(w, r, http.StatusPreconditionFailed, "PARTNER_TOKEN_INVALID", "The partner token is not valid.", reply)
			return
		}
	}

	// 5. 401: no token, or an unknown, revoked or expired one.
	secret, hasBearer := bearer(r)
	var tok apitokens.Token
	var err error
	if hasBearer {
		tok, err = a.Tokens.Authenticate(r.Context(), site.ID, secret)
	}
	if !hasBearer || errors.Is(err, apitokens.ErrUnknown) {
		h.Set("WWW-Authenticate", `Bearer realm="api"`)
		msg := "Send a token of this site: Authorization: Bearer <token>."
		if hasBearer {
			h.Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)
			msg = "The token is unknown, revoked or expired."
		}
		a.refuse(w, r, http.StatusUnauthorized, "UNAUTHENTICATED", msg, reply)
		return
	}
	if err != nil {
		a.fail(w, r, err, reply)
		return
	}

	// 6. 403: the plan has no API, the token lacks a scope, or the client's
	// address is not among the token's allowed ranges.
	switch {
	case !plan.API:
		a.refuse(w, r, http.StatusForbidden, "PLAN_LACKS_API", "The site's plan does not include the API. Choose Business or Premium.", reply)
		return
	case slices.ContainsFunc(scopes, func(s string) bool { return !tok.Has(apitokens.Scope(s)) }):
		missing := slices.DeleteFunc(slices.Clone(scopes), func(s string) bool { return tok.Has(apitokens.Scope(s)) })
		a.refuse(w, r, http.StatusForbidden, "INSUFFICIENT_SCOPE", "The token lacks the scope "+strings.Join(missing, ", ")+".", reply)
		return
	case !tok.AllowsIP(request.ClientIP(r)):
		a.refuse(w, r, http.StatusForbidden, "IP_NOT_ALLOWED", "The token may not be used from this address.", reply)
		return
	}

	// The cost, from the parsed query, before it runs.
	cost := costing{schema: a.schema.Schema()}
	requested := 1
	if parsed {
		cost.vars = op.Variables
		requested = cost.requested(op.Operation)
	}
	charge := int64(min(requested, maxCost))
	limits := ratelimit.APILimits{SiteID: site.ID, TokenID: tok.ID, Plan: plan, TokenDailyCap: tok.DailyCap,
		Location: a.location(site.TimeZone)}
	check := limits.Check(time.Now(), charge)

	// 7. 509 and 8. 429: quotas, then the per-minute rate.
	d := a.Limiter.Take(r.Context(), check)
	setRemaining(h, d)
	reply.Extensions = map[string]any{"cost": costExtension(requested, 0, &d)}
	switch d.Reason {
	case ratelimit.QuotaExceeded:
		a.show(w, r, ui.ErrorInfo{Status: 509, Code: "QUOTA_EXCEEDED", RetryAfter: d.RetrySeconds(),
			Heading: "Quota used up", Message: "The daily or monthly quota is used up; it resets at the time Retry-After gives.", API: reply})
		return
	case ratelimit.RateExceeded:
		a.show(w, r, ui.ErrorInfo{Status: http.StatusTooManyRequests, Code: "RATE_EXCEEDED", RetryAfter: d.RetrySeconds(),
			Heading: "Too fast", Message: "The per-minute rate is exceeded; wait for Retry-After seconds.", API: reply})
		return
	case ratelimit.Unreachable:
		// 502: the operator made the limits strict (PAGECART_REDIS_STRICT)
		// and Redis, which they need, cannot be reached. By default the
		// limiter counts on this node instead and this never happens.
		a.show(w, r, ui.ErrorInfo{Status: http.StatusBadGateway, Code: "BAD_GATEWAY", Heading: "A service we need is unreachable",
			Message: "The rate-limit store cannot be reached; nothing was done. Try again shortly.", API: reply})
		return
	}
	// From here on the points are taken; whatever is not used goes back.
	actual := 0
	defer func() {
		if refund := charge - int64(actual); refund > 0 {
			a.Limiter.Refund(context.WithoutCancel(r.Context()), check, refund)
		}
	}()

	// 9. 400 and 10. 413: the request itself.
	if bad != nil {
		a.refuse(w, r, bad.status, bad.code, bad.message, reply)
		return
	}
	if len(gqlErrs) > 0 {
		code := "GRAPHQL_VALIDATION_FAILED"
		if c, _ := gqlErrs[0].Extensions["code"].(string); c == "GRAPHQL_PARSE_FAILED" {
			code = c
		}
		reply.Errors = gqlItems(gqlErrs)
		a.refuse(w, r, http.StatusBadRequest, code, gqlErrs[0].Message, reply)
		return
	}
	if cost.badFirst {
		a.refuse(w, r, http.StatusBadRequest, "BAD_REQUEST", "first must be between 1 and 100.", reply)
		return
	}
	if requested > maxCost {
		a.refuse(w, r, http.StatusBadRequest, "MAX_COST_EXCEEDED",
			"The query would cost more than 1,000 points. Ask for fewer items (first) or fewer fields.", reply)
		return
	}

	// Execution, once per idempotency key for a mutation.
	var key *idempotency.Key
	if op.Operation.Operation == ast.Mutation {
		k := r.Header.Get("Idempotency-Key")
		if k == "" {
			k = idempotencyKey(op.Operation, op.Variables)
		}
		if k != "" {
			if len(k) > 200 {
				a.refuse(w, r, http.StatusBadRequest, "BAD_REQUEST", "The idempotency key is longer than 200 characters.", reply)
				return
			}
			key = &idempotency.Key{SiteID: site.ID, TokenID: tok.ID, Key: k}
			first, err := a.Idempotency.Claim(r.Context(), *key, p.hash())
			switch {
			case errors.Is(err, idempotency.ErrReused):
				a.refuse(w, r, http.StatusBadRequest, "IDEMPOTENCY_KEY_REUSED",
					"This idempotency key was used with a different request.", reply)
				return
			case errors.Is(err, idempotency.ErrInProgress):
				a.show(w, r, ui.ErrorInfo{Status: http.StatusServiceUnavailable, Code: "UNAVAILABLE", RetryAfter: 1,
					Heading: "Still running", Message: "The first request with this idempotency key is still running.", API: reply})
				return
			case err != nil:
				a.fail(w, r, err, reply)
				return
			case first != nil:
				h.Set("Idempotent-Replayed", "true")
				h.Set("Content-Type", reply.ContentType)
				w.WriteHeader(first.Status)
				_, _ = w.Write(first.Body)
				return
			}
		}
	}
	status, body := a.execute(r, op, tok, &cost, requested, &actual, &d, reply)
	setRemaining(h, d) // after the refund, which execute counted in d
	if key != nil {
		if status >= 500 {
			_ = a.Idempotency.Release(context.WithoutCancel(r.Context()), *key)
		} else if err := a.Idempotency.Finish(context.WithoutCancel(r.Context()), *key, idempotency.Answer{Status: status, Body: body}); err != nil {
			a.Logger.ErrorContext(r.Context(), "api idempotency", slog.String("request_id", request.ID(r.Context())), slog.Any("err", err))
		}
	}
	h.Set("Content-Type", reply.ContentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// execute runs the operation and decides steps 11 to 13 and the server
// errors from its result: 404 when an entity asked for by ID or handle is
// missing, 206 when fields were withheld, 200, or 500/504. It returns the
// status and the body (API.md's error body for the non-2xx ones).
func (a *API) execute(r *http.Request, op *graphql.OperationContext, tok apitokens.Token, cost *costing, requested int,
	actual *int, d *ratelimit.Decision, reply *ui.APIReply) (int, []byte) {
	site, _ := request.Site(r.Context())
	c := &graph.Caller{Site: site, Limited: tok.Limited}
	ctx := graph.WithCaller(r.Context(), c)
	handler, ctx := a.exec.DispatchOperation(ctx, op)
	resp := handler(ctx)
	if resp == nil {
		resp = &graphql.Response{Errors: gqlerror.List{{Message: "The request ran past its deadline.", Extensions: map[string]any{"code": "TIMEOUT"}}}}
	}
	var data any
	_ = json.Unmarshal(resp.Data, &data)
	*actual = min(cost.actual(op.Operation, data), requested, maxCost)
	// What is refunded after the reply is shown in it already.
	refund := int64(min(requested, maxCost) - *actual)
	d.Rate.Remaining = min(d.Rate.Limit, d.Rate.Remaining+refund)
	for i := range d.Quotas {
		d.Quotas[i].Remaining = min(d.Quotas[i].Limit, d.Quotas[i].Remaining+refund)
	}
	ext := map[string]any{"cost": costExtension(requested, *actual, d)}
	for k, v := range resp.Extensions {
		ext[k] = v
	}

	status, code := http.StatusOK, ""
	for _, e := range resp.Errors {
		switch e.Extensions["code"] {
		case "INTERNAL":
			status, code = http.StatusInternalServerError, "INTERNAL"
		case "TIMEOUT":
			if status < 500 {
				status, code = http.StatusGatewayTimeout, "TIMEOUT"
			}
		case "BAD_REQUEST":
			if status < 500 {
				status, code = http.StatusBadRequest, "BAD_REQUEST"
			}
		case "NOT_FOUND":
			if status == http.StatusOK {
				status, code = http.StatusNotFound, "NOT_FOUND"
			}
		}
	}
	if status == http.StatusOK && len(resp.Errors) > 0 {
		status, code = http.StatusInternalServerError, "INTERNAL"
	}
	if status != http.StatusOK {
		reply.Errors, reply.Data, reply.Extensions = gqlItems(resp.Errors), true, ext
		rec := &bodyRecorder{header: http.Header{}}
		a.Errors.Show(rec, r, ui.ErrorInfo{Status: status, Code: code, Heading: "Not done", Message: resp.Errors[0].Message, API: reply}, nil)
		return status, rec.body
	}
	if withheld := c.Withheld(); len(withheld) > 0 {
		status = http.StatusPartialContent
		ext["withheld"] = withheld
	}
	body, err := json.Marshal(struct {
		Data       json.RawMessage `json:"data"`
		Extensions map[string]any  `json:"extensions"`
	}{resp.Data, ext})
	if err != nil {
		return http.StatusInternalServerError, nil
	}
	return status, append(body, '\n')
}

// bodyRecorder catches what the error writer writes, so that the reply of
// a mutation can be remembered for its idempotency key.
type bodyRecorder struct {
	header http.Header
	body   []byte
}

func (b *bodyRecorder) Header() http.Header { return b.header }
func (b *bodyRecorder) WriteHeader(int)     {}
func (b *bodyRecorder) Write(p []byte) (int, error) {
	b.body = append(b.body, p...)
	return len(p), nil
}

// refuse answers a refusal of the chain with API.md's error body.
func (a *API) refuse(w http.ResponseWriter, r *http.Request, status int, code, message string, reply *ui.APIReply) {
	a.show(w, r, ui.ErrorInfo{Status: status, Code: code, Heading: code, Message: message, API: reply})
}

func (a *API) show(w http.ResponseWriter, r *http.Request, info ui.ErrorInfo) {
	a.Errors.Show(w, r, info, nil)
}

// fail answers an unexpected error (the database is down): 500, 503 or 504
// by the one error table, with the request ID logged.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error, reply *ui.APIReply) {
	info := ui.Describe(err)
	if info.Status >= 500 && info.Status != http.StatusServiceUnavailable {
		a.Logger.ErrorContext(r.Context(), "api request failed", slog.String("request_id", request.ID(r.Context())), slog.Any("err", err))
	}
	info.API = reply
	a.show(w, r, info)
}

func gqlItems(list gqlerror.List) []ui.APIErrorItem {
	out := make([]ui.APIErrorItem, 0, len(list))
	for _, e := range list {
		item := ui.APIErrorItem{Message: e.Message, Extensions: e.Extensions}
		for _, p := range e.Path {
			switch v := p.(type) {
			case ast.PathName:
				item.Path = append(item.Path, string(v))
			case ast.PathIndex:
				item.Path = append(item.Path, int(v))
			}
		}
		out = append(out, item)
	}
	return out
}

// bearer returns the token of an Authorization: Bearer header.
func bearer(r *http.Request) (string, bool) {
	auth := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.ToLower(scheme)), []byte("bearer")) != 1 {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
