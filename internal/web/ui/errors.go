package ui

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/request"
)

// Status maps an error's kind to an HTTP status; the API has its own
// mapping to JSON bodies built on the same kinds.
func Status(err error) int {
	if _, ok := fault.AsInvalid(err); ok {
		return http.StatusBadRequest
	}
	switch {
	case errors.Is(err, fault.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, fault.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, fault.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, fault.ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, fault.ErrTooManyRequests):
		return http.StatusTooManyRequests
	case errors.Is(err, fault.ErrUnavailable):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	}
	return http.StatusInternalServerError
}

// ErrorInfo is the text of an error page.
type ErrorInfo struct {
	Status           int
	Heading, Message string
}

var headings = map[int]ErrorInfo{
	http.StatusBadRequest:          {Heading: "That did not work", Message: "The request could not be understood."},
	http.StatusUnauthorized:        {Heading: "Not recognised", Message: "The e-mail or password is not right."},
	http.StatusTooManyRequests:     {Heading: "Too many attempts", Message: "Please wait a moment and try again."},
	http.StatusForbidden:           {Heading: "Not allowed", Message: "You do not have permission to do this. Ask the site's owner if you need it."},
	http.StatusNotFound:            {Heading: "Page not found", Message: "There is nothing at this address. It may have moved, or the link may be mistyped."},
	http.StatusConflict:            {Heading: "Something changed meanwhile", Message: "Reload the page and try again."},
	http.StatusServiceUnavailable:  {Heading: "Back soon", Message: "This service is briefly unavailable. Please try again in a moment."},
	http.StatusGatewayTimeout:      {Heading: "That took too long", Message: "The request ran out of time. Please try again."},
	http.StatusInternalServerError: {Heading: "Something went wrong", Message: "We have logged the problem and will look into it."},
}

// Error writes the page for err. A server error is logged with the request
// ID and shows nothing but that ID.
func (rd *Renderer) Error(w http.ResponseWriter, r *http.Request, err error) {
	status := Status(err)
	d := headings[status]
	d.Status = status
	if t, ok := fault.AsThrottled(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(t.RetryAfter()))
		d.Message = t.Error()
	}
	switch {
	case status >= 500:
		rd.logger.ErrorContext(r.Context(), "request failed", slog.String("request_id", request.ID(r.Context())),
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
	case status == http.StatusBadRequest:
		if fields, ok := fault.AsInvalid(err); ok {
			d.Message = joinMessages(fields)
		}
	case status == http.StatusForbidden && err.Error() != fault.ErrForbidden.Error():
		// Domain packages word their refusals for people (a read-only page,
		// a missing permission); show that sentence.
		d.Message = strings.TrimSuffix(err.Error(), ": "+fault.ErrForbidden.Error())
	}
	rd.ErrorPage(w, r, d)
}

// ErrorPage writes an error page with a given status and text.
func (rd *Renderer) ErrorPage(w http.ResponseWriter, r *http.Request, d ErrorInfo) {
	if err := rd.Render(w, r, d.Status, "templates/error.html", Page{Title: d.Heading, Data: d}); err != nil {
		rd.logger.ErrorContext(r.Context(), "render error page", slog.Any("err", err))
		http.Error(w, d.Heading, d.Status)
	}
}

// NotFound writes the 404 page.
func (rd *Renderer) NotFound(w http.ResponseWriter, r *http.Request) {
	rd.Error(w, r, fault.ErrNotFound)
}

// Handle adapts a handler that returns errors.
func (rd *Renderer) Handle(h request.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			rd.Error(w, r, err)
		}
	})
}

func joinMessages(fields map[string]string) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	msgs := make([]string, 0, len(keys))
	for _, k := range keys {
		msgs = append(msgs, fields[k])
	}
	return strings.Join(msgs, " ")
}

// ErrorData builds the text of an error page.
func ErrorData(status int, heading, message string) ErrorInfo {
	return ErrorInfo{Status: status, Heading: heading, Message: message}
}
