package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/request"
	"github.com/pagecart/pagecart/themes"
)

// ErrorInfo is one error response: its status, its text for people and its
// code for programs (API.md), and what goes with it.
type ErrorInfo struct {
	Status int
	// APIStatus, when not 0, is the status a JSON client gets instead:
	// maintenance is 503 for a browser and 501 in the API's contract.
	APIStatus        int
	Code             string
	Heading, Message string
	// Fields are the messages of invalid input, by field.
	Fields map[string]string
	// RetryAfter, in seconds, is sent as Retry-After when above 0.
	RetryAfter int
	// API, for a reply of the GraphQL API, carries what goes with the
	// error body there: the GraphQL errors with their paths, a null data
	// when the request was executed, and extensions (the cost).
	API *APIReply
}

// APIReply is the GraphQL part of an API error reply (API.md).
type APIReply struct {
	Errors []APIErrorItem
	// Data writes "data": null, for a request that ran and found nothing.
	Data       bool
	Extensions map[string]any
	// ContentType is the media type the client accepts; application/json
	// when empty.
	ContentType string
}

// APIErrorItem is one entry of the error body's errors.
type APIErrorItem struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path,omitempty"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

// kind is one row of the table that maps an error kind to a response.
type kind struct {
	is   func(error) bool
	info ErrorInfo
}

func isKind(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

// kinds is the one table from error kinds to statuses, codes and texts.
// Order matters: the first row that matches wins.
var kinds = []kind{
	{func(err error) bool { _, ok := fault.AsInvalid(err); return ok },
		ErrorInfo{Status: http.StatusBadRequest, Code: "BAD_REQUEST", Heading: "That did not work", Message: "The request could not be understood."}},
	{isKind(fault.ErrNotFound),
		ErrorInfo{Status: http.StatusNotFound, Code: "NOT_FOUND", Heading: "Page not found", Message: "There is nothing at this address. It may have moved, or the link may be mistyped."}},
	{isKind(fault.ErrUnauthenticated),
		ErrorInfo{Status: http.StatusUnauthorized, Code: "UNAUTHENTICATED", Heading: "Please log in", Message: "We could not tell who you are. Log in and try again."}},
	{isKind(fault.ErrForbidden),
		ErrorInfo{Status: http.StatusForbidden, Code: "FORBIDDEN", Heading: "Not allowed", Message: "You do not have permission to do this. Ask the site's owner if you need it."}},
	{isKind(fault.ErrConflict),
		ErrorInfo{Status: http.StatusConflict, Code: "CONFLICT", Heading: "Something changed meanwhile", Message: "Reload the page and try again."}},
	{func(err error) bool {
		var m *http.MaxBytesError
		return errors.As(err, &m) || errors.Is(err, fault.ErrTooLarge)
	},
		ErrorInfo{Status: http.StatusRequestEntityTooLarge, Code: "REQUEST_TOO_LARGE", Heading: "That is too much at once",
			Message: "What you sent is larger than we accept, so nothing was saved. Send less (for a page, shorten it or split it in two) and try again."}},
	{isKind(fault.ErrTooManyRequests),
		ErrorInfo{Status: http.StatusTooManyRequests, Code: "RATE_EXCEEDED", Heading: "Too many attempts", Message: "Please wait a moment and try again."}},
	{isKind(fault.ErrUnavailable),
		ErrorInfo{Status: http.StatusServiceUnavailable, Code: "UNAVAILABLE", Heading: "Back soon", Message: "This service is briefly unavailable. Please try again in a moment."}},
	{isKind(context.DeadlineExceeded),
		ErrorInfo{Status: http.StatusGatewayTimeout, Code: "TIMEOUT", Heading: "That took too long", Message: "The request ran out of time. Please try again."}},
}

var internalError = ErrorInfo{Status: http.StatusInternalServerError, Code: "INTERNAL", Heading: "Something went wrong",
	Message: "We have logged the problem and will look into it."}

// Describe turns an error into its response. Domain packages word their
// refusals for people (a read-only page, a missing permission, a throttled
// login); for the kinds that carry such a sentence it is shown as it is.
func Describe(err error) ErrorInfo {
	info := internalError
	for _, k := range kinds {
		if k.is(err) {
			info = k.info
			break
		}
	}
	switch info.Status {
	case http.StatusBadRequest:
		info.Fields, _ = fault.AsInvalid(err)
		info.Message = joinMessages(info.Fields)
	case http.StatusForbidden, http.StatusTooManyRequests, http.StatusUnauthorized:
		if own := ownSentence(err); own != "" {
			info.Message = own
		}
	}
	if wait, ok := fault.RetryAfter(err); ok {
		info.RetryAfter = wait
	}
	return info
}

// ownSentence is the domain's own wording of a refusal, without the kind's
// bare name that wrapping appends ("…: forbidden").
func ownSentence(err error) string {
	msg := err.Error()
	for _, k := range []error{fault.ErrForbidden, fault.ErrTooManyRequests, fault.ErrUnauthenticated} {
		if msg == k.Error() {
			return ""
		}
		msg = strings.TrimSuffix(msg, ": "+k.Error())
	}
	return msg
}

// ErrorData builds the text of an error page of a given status.
func ErrorData(status int, heading, message string) ErrorInfo {
	return ErrorInfo{Status: status, Heading: heading, Message: message, Code: codeOf(status)}
}

func codeOf(status int) string {
	for _, k := range kinds {
		if k.info.Status == status {
			return k.info.Code
		}
	}
	return internalError.Code
}

// Look draws an error page in the look of an area (the admin's with its
// menu, the operator console's). Renderer is one.
type Look interface {
	ErrorPage(w http.ResponseWriter, r *http.Request, d ErrorInfo)
}

// Errors is the one exit of every error response: handlers of every area,
// the host router, maintenance, load shedding and panic recovery all end
// here. It answers JSON (API.md's body) to the API and to clients that ask
// for JSON, and otherwise a page: in the look of the area that failed, in
// the site's own design on a site's host, or in the platform's look.
type Errors struct {
	logger      *slog.Logger
	platform    *Renderer
	themes      *themes.Set
	platformURL string
}

// NewErrors builds the writer. platform draws pages in the platform's look;
// designs draw them in a site's design.
func NewErrors(logger *slog.Logger, platform *Renderer, designs *themes.Set, platformURL string) *Errors {
	return &Errors{logger: logger, platform: platform, themes: designs, platformURL: platformURL}
}

// Write answers with the response for err. A server error is logged with
// the request ID and shows nothing but that ID. look may be nil.
func (e *Errors) Write(w http.ResponseWriter, r *http.Request, err error, look Look) {
	info := Describe(err)
	if info.Status >= 500 && info.Status != http.StatusServiceUnavailable {
		e.logger.ErrorContext(r.Context(), "request failed", slog.String("request_id", request.ID(r.Context())),
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	e.Show(w, r, info, look)
}

// Show answers with a response whose text the caller chose (an unknown
// host, maintenance, a suspended site).
func (e *Errors) Show(w http.ResponseWriter, r *http.Request, info ErrorInfo, look Look) {
	if info.Code == "" {
		info.Code = codeOf(info.Status)
	}
	if info.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(info.RetryAfter))
	}
	w.Header().Set("Cache-Control", "no-store")
	if WantsJSON(r) {
		writeJSON(w, r, info)
		return
	}
	if look != nil {
		look.ErrorPage(w, r, info)
		return
	}
	if site, ok := request.Site(r.Context()); ok && e.themes != nil && !strings.HasPrefix(r.URL.Path, "/admin") {
		if e.sitePage(w, r, site.Theme, info, themes.SiteView{Name: site.Name, Title: site.Title, Language: site.Language},
			!site.Entitlements().RemoveBranding) {
			return
		}
	}
	e.platform.ErrorPage(w, r, info)
}

// WantsJSON reports whether the response should be the API's JSON body:
// on API paths, and for clients that ask for JSON rather than a page.
func WantsJSON(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		return true
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

// apiError is API.md's error body.
type apiError struct {
	Error      string          `json:"error"`
	Code       string          `json:"code"`
	RequestID  string          `json:"requestId"`
	Errors     []APIErrorItem  `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

func writeJSON(w http.ResponseWriter, r *http.Request, info ErrorInfo) {
	status := info.Status
	if info.APIStatus != 0 {
		status = info.APIStatus
	}
	body := apiError{Error: info.Message, Code: info.Code, RequestID: request.ID(r.Context())}
	for _, f := range slices.Sorted(maps.Keys(info.Fields)) {
		body.Errors = append(body.Errors, APIErrorItem{Message: info.Fields[f], Path: []any{f},
			Extensions: map[string]any{"code": "INVALID"}})
	}
	contentType := "application/json"
	if a := info.API; a != nil {
		body.Errors = append(body.Errors, a.Errors...)
		if a.Data {
			body.Data = json.RawMessage("null")
		}
		body.Extensions = a.Extensions
		if a.ContentType != "" {
			contentType = a.ContentType
		}
	}
	b, _ := json.Marshal(body)
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// sitePage draws the error in the site's own design, so that a visitor who
// meets a problem still sees the site they came to. It reports false when
// the design cannot draw it, and the platform's page is shown instead.
func (e *Errors) sitePage(w http.ResponseWriter, r *http.Request, theme string, info ErrorInfo, site themes.SiteView, branding bool) bool {
	v := themes.PageView{Site: site, AssetBase: "/assets/theme/" + theme + "/", Branding: branding,
		PlatformURL: e.platformURL, Year: time.Now().Year(),
		Error: &themes.ErrorContent{Status: info.Status, Heading: info.Heading, Message: info.Message, RequestID: request.ID(r.Context())}}
	var buf bytes.Buffer
	if err := e.themes.Render(&buf, theme, v); err != nil {
		e.logger.ErrorContext(r.Context(), "render error page in design", slog.String("design", theme), slog.Any("err", err))
		return false
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(info.Status)
	_, _ = buf.WriteTo(w)
	return true
}

// ErrorPage draws an error page in this renderer's look; it is how an area
// is a Look. Use Errors.Write or Errors.Show, which also answer JSON.
func (rd *Renderer) ErrorPage(w http.ResponseWriter, r *http.Request, d ErrorInfo) {
	if err := rd.Render(w, r, d.Status, "templates/error.html", Page{Title: d.Heading, Data: d}); err != nil {
		rd.logger.ErrorContext(r.Context(), "render error page", slog.Any("err", err))
		http.Error(w, d.Heading, d.Status)
	}
}

func joinMessages(fields map[string]string) string {
	msgs := make([]string, 0, len(fields))
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		msgs = append(msgs, fields[k])
	}
	return strings.Join(msgs, " ")
}

// Missing names the parts of an area's dependencies that are not set, so
// that a wiring mistake fails at start rather than in a request.
func Missing(area string, missing map[string]bool) error {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(missing)) {
		if missing[name] {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("%s: missing %s", area, strings.Join(names, ", "))
}
