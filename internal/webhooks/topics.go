package webhooks

import "slices"

// Topic names a kind of change a site can subscribe to, as in API.md:
// "resource/what happened".
type Topic struct {
	Name string
	// Label says in words when it is sent, for the admin's topic list.
	Label string
}

// Topics lists every topic a subscription may name, in the order the admin
// offers them. Any other name is refused.
var Topics = []Topic{
	{"orders/create", "An order is placed"},
	{"orders/status_changed", "An order's status changes"},
	{"orders/paid", "An order is paid"},
	{"orders/cancelled", "An order is cancelled"},
	{"products/create", "A product is added"},
	{"products/update", "A product is changed (details, status, prices)"},
	{"products/delete", "A product is deleted"},
	{"inventory/change", "A variant's stock changes (by hand, by a stock count or by an order)"},
	{"customers/create", "A customer account is created"},
	{"categories/update", "A category is added, changed or deleted"},
}

// ValidTopic reports whether name is one of Topics.
func ValidTopic(name string) bool {
	return slices.ContainsFunc(Topics, func(t Topic) bool { return t.Name == name })
}
