package apitokens

import "slices"

// Scope is one permission a token can be given; the API names the scope
// each operation needs.
type Scope string

// ScopeInfo describes a scope for the token form and the API docs.
type ScopeInfo struct {
	Scope Scope
	Label string
	Help  string
}

// scopes is the one list of scopes, in the order the admin shows them.
var scopes = []ScopeInfo{
	{"read_products", "Read products", "Products with their variants, stock, images and categories; categories."},
	{"write_products", "Change products", "Create, edit and delete products and categories, and set stock."},
	{"read_content", "Read content", "The site's settings, pages with their sections, blog posts, the media library and the menus."},
	{"write_content", "Change content", "Write, edit and delete blog posts (changes to pages and media are reserved)."},
	{"read_orders", "Read orders", "Orders, their lines, statuses and payments, when the shop takes orders."},
	{"write_orders", "Change orders", "Create orders, change their status, cancel them, edit their internal note, record payments, issue invoices."},
	{"read_customers", "Read customers", "Customers and their addresses. A limited token never sees their e-mails, phones or addresses."},
	{"write_customers", "Change customers", "Edit customers' internal notes and erase customers on their request."},
	{"read_webhooks", "Read webhooks", "Webhook subscriptions and their recent deliveries."},
	{"write_webhooks", "Change webhooks", "Create, change, pause, resume and delete webhook subscriptions."},
}

// Scopes returns every scope with its label and help text.
func Scopes() []ScopeInfo { return slices.Clone(scopes) }

// Known reports whether s is a scope.
func Known(s Scope) bool {
	return slices.ContainsFunc(scopes, func(i ScopeInfo) bool { return i.Scope == s })
}
