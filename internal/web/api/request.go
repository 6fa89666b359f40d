package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
)

// maxBody is the API's limit on a request body (API.md: 413 above 1 MiB).
const maxBody = 1 << 20

// params is one GraphQL request as GraphQL-over-HTTP carries it.
type params struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName,omitempty"`
	Variables     map[string]any `json:"variables,omitempty"`
	Extensions    map[string]any `json:"extensions,omitempty"`
}

// problem is what is wrong with a request's HTTP shape; it is answered at
// its place in the chain (400 or 413), after the token and the limits.
type problem struct {
	status  int
	code    string
	message string
}

var errTooLarge = errors.New("too large")

// readParams reads a request's parameters: from the query string of a GET,
// or from a JSON body of at most 1 MiB.
func readParams(r *http.Request) (params, *problem) {
	var p params
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		p.Query, p.OperationName = q.Get("query"), q.Get("operationName")
		if v := q.Get("variables"); v != "" {
			if err := unmarshalNumbers([]byte(v), &p.Variables); err != nil {
				return p, &problem{http.StatusBadRequest, "BAD_REQUEST", "The variables parameter is not a JSON object."}
			}
		}
		if p.Query == "" {
			return p, &problem{http.StatusBadRequest, "BAD_REQUEST", "Send the query in the query parameter, or POST it as JSON."}
		}
		return p, nil
	}
	body, err := readBody(r)
	if errors.Is(err, errTooLarge) {
		return p, &problem{http.StatusRequestEntityTooLarge, "REQUEST_TOO_LARGE", "The request body is larger than 1 MiB."}
	}
	if err != nil {
		return p, &problem{http.StatusBadRequest, "BAD_REQUEST", "The request body could not be read."}
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		return p, &problem{http.StatusBadRequest, "BAD_REQUEST", "Send the request as JSON with Content-Type: application/json."}
	}
	return parseBody(body)
}

// readBody reads at most maxBody bytes and reports a longer body.
func readBody(r *http.Request) ([]byte, error) {
	if r.ContentLength > maxBody {
		return nil, errTooLarge
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxBody {
		return nil, errTooLarge
	}
	return b, nil
}

// parseBody reads a JSON body into params: an object whose query is a
// non-empty string and whose variables, when present, are an object.
func parseBody(body []byte) (params, *problem) {
	var p params
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil || raw == nil || dec.More() {
		return p, &problem{http.StatusBadRequest, "BAD_REQUEST", "The body is not a JSON object."}
	}
	if err := json.Unmarshal(raw["query"], &p.Query); err != nil || strings.TrimSpace(p.Query) == "" {
		return p, &problem{http.StatusBadRequest, "BAD_REQUEST", "The body has no query: send {\"query\": \"{ site { name } }\"}."}
	}
	for name, dst := range map[string]any{"operationName": &p.OperationName, "variables": &p.Variables, "extensions": &p.Extensions} {
		v, ok := raw[name]
		if !ok || string(v) == "null" {
			continue
		}
		if err := unmarshalNumbers(v, dst); err != nil {
			return p, &problem{http.StatusBadRequest, "BAD_REQUEST", "The " + name + " of the request has the wrong type."}
		}
	}
	return p, nil
}

// unmarshalNumbers decodes JSON keeping numbers as json.Number, which is
// what gqlgen's scalars read (a float64 is not an Int to them).
func unmarshalNumbers(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}

// hash identifies a request for its idempotency key: the same query,
// operation and variables hash alike however the JSON was spaced.
func (p params) hash() string {
	b, _ := json.Marshal(struct {
		Q string         `json:"q"`
		O string         `json:"o"`
		V map[string]any `json:"v"`
	}{p.Query, p.OperationName, p.Variables})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// responseType chooses the media type of a reply by Accept: the GraphQL
// one when the client names it, else application/json (GraphQL-over-HTTP
// allows ignoring an Accept we cannot meet rather than answering 406).
func responseType(r *http.Request) string {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part))
		if mt == "application/graphql-response+json" {
			return "application/graphql-response+json; charset=utf-8"
		}
	}
	return "application/json; charset=utf-8"
}
