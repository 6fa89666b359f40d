package graph

import (
	"context"
	"encoding/base64"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bojanz/currency"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/web/api/graph/model"
)

// id writes an ID as the API shows it.
func id(n int64) string { return strconv.FormatInt(n, 10) }

// parseID reads an ID argument; one that cannot be an ID names nothing.
func parseID(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// money formats an amount as the site's language writes it.
func money(c *Caller, minor int64, code string) *model.Money {
	if code == "" {
		code = c.Site.Currency
	}
	m := &model.Money{Amount: int(minor), Currency: code}
	a, err := currency.NewAmountFromInt64(minor, code)
	if err != nil {
		m.Formatted = strconv.FormatInt(minor, 10) + " " + code
		return m
	}
	m.Formatted = c.formatter().Format(a)
	return m
}

// formatter is the site's CLDR money formatter, made once per request:
// building one reads the locale's data, and a page of products formats a
// hundred prices.
func (c *Caller) formatter() *currency.Formatter {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.money == nil {
		lang := c.Site.Language
		if lang == "" {
			lang = "en"
		}
		c.money = currency.NewFormatter(currency.NewLocale(lang))
	}
	return c.money
}

func optionalMoney(c *Caller, minor int64, code string) *model.Money {
	if minor == 0 {
		return nil
	}
	return money(c, minor, code)
}

var statusOut = map[catalog.Status]model.ProductStatus{
	catalog.StatusDraft: model.ProductStatusDraft, catalog.StatusActive: model.ProductStatusActive,
	catalog.StatusArchived: model.ProductStatusArchived,
}

func statusIn(s model.ProductStatus) catalog.Status {
	for k, v := range statusOut {
		if v == s {
			return k
		}
	}
	return ""
}

func productOut(c *Caller, p catalog.Product, full bool) *model.Product {
	return &model.Product{ID: id(p.ID), Handle: p.Slug, Title: p.Title, DescriptionHTML: string(p.Description),
		Status: statusOut[p.Status], Price: money(c, p.Price, p.Currency), CompareAtPrice: optionalMoney(c, p.CompareAtPrice, p.Currency),
		Sku: p.SKU, Ean: p.EAN, WeightGrams: p.WeightGrams, CreatedAt: stamp(p.CreatedAt), UpdatedAt: stamp(p.UpdatedAt),
		Raw: p, Full: full}
}

func variantOut(c *Caller, currency string, v catalog.Variant) *model.Variant {
	values := v.OptionValues
	if values == nil {
		values = []string{}
	}
	return &model.Variant{ID: id(v.ID), ProductID: id(v.ProductID), Title: v.Title(), OptionValues: values, Sku: v.SKU,
		Price: money(c, v.Price, currency), CompareAtPrice: optionalMoney(c, v.CompareAtPrice, currency),
		Stock: v.Stock, TrackStock: v.TrackStock, AllowBackorder: v.AllowBackorder, Available: v.Available()}
}

func categoryOut(c catalog.Category) *model.Category {
	out := &model.Category{ID: id(c.ID), Handle: c.Slug, Title: c.Title, DescriptionHTML: string(c.Description), Position: c.Position}
	if c.ParentID != 0 {
		p := id(c.ParentID)
		out.ParentID = &p
	}
	return out
}

// notFound is the error of an entity asked for by ID or handle that does
// not exist; its code makes the reply a 404 with data null.
func notFound(what string) error {
	return &gqlerror.Error{Message: what + " not found", Extensions: map[string]any{"code": "NOT_FOUND"}}
}

// userErrors turns the domain's field messages into the payload's
// userErrors; any other error is returned for the HTTP layer to map.
func userErrors(err error, rename map[string]string) ([]*model.UserError, error) {
	if errors.Is(err, fault.ErrNotFound) {
		return nil, notFound("the entity")
	}
	if errors.Is(err, fault.ErrConflict) {
		// The entity's state refuses the change (a cancelled order): the
		// client's request was fine, the answer is in the payload.
		msg, _, _ := strings.Cut(err.Error(), ": conflict")
		return []*model.UserError{{Message: msg, Code: "CONFLICT"}}, nil
	}
	fields, ok := fault.AsInvalid(err)
	if !ok {
		return nil, err
	}
	out := []*model.UserError{}
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		name := f
		if r, ok := rename[f]; ok {
			name = r
		}
		// A dotted name is a path into the input: billingAddress.city.
		out = append(out, &model.UserError{Field: append([]string{"input"}, strings.Split(name, ".")...), Message: fields[f], Code: "INVALID"})
	}
	return out, nil
}

// productFields maps the catalog's field names to the input's.
var productFields = map[string]string{"slug": "handle", "description": "descriptionHtml", "compare_at_price": "compareAtPrice",
	"weight_grams": "weightGrams", "category_ids": "categoryIds"}

// page cursors over a list read whole (categories, pages) are offsets.
func offsetCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(n)))
}

func parseOffset(after *string) (int, error) {
	if after == nil || *after == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*after)
	if err != nil || len(b) < 3 || string(b[:2]) != "o:" {
		return 0, badArgument("after", "This cursor is not one this list gave out.")
	}
	n, err := strconv.Atoi(string(b[2:]))
	if err != nil || n < 0 {
		return 0, badArgument("after", "This cursor is not one this list gave out.")
	}
	return n, nil
}

// badArgument is a refused argument: the reply is a 400.
func badArgument(arg, message string) error {
	return &gqlerror.Error{Message: message, Extensions: map[string]any{"code": "BAD_REQUEST", "argument": arg}}
}

// pageSize checks first: 1 to 100 (API.md).
func pageSize(first *int, def int) (int, error) {
	n := def
	if first != nil {
		n = *first
	}
	if n < 1 || n > 100 {
		return 0, badArgument("first", "first must be between 1 and 100.")
	}
	return n, nil
}

func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// keyCursor is the cursor of a list read newest first by ID (orders,
// customers): the next page continues below this ID.
func keyCursor(n int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("k:" + strconv.FormatInt(n, 10)))
}

func parseKey(after *string) (int64, error) {
	if after == nil || *after == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*after)
	if err != nil || len(b) < 3 || string(b[:2]) != "k:" {
		return 0, badArgument("after", "This cursor is not one this list gave out.")
	}
	n, err := strconv.ParseInt(string(b[2:]), 10, 64)
	if err != nil || n <= 0 {
		return 0, badArgument("after", "This cursor is not one this list gave out.")
	}
	return n, nil
}
