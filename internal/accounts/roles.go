package accounts

// Role is what a staff member may do on a site.
type Role string

// The roles, from most to least trusted.
const (
	// RoleOwner may do everything, including managing staff and the plan.
	RoleOwner Role = "owner"
	// RoleManager runs the site day to day: content and settings.
	RoleManager Role = "manager"
	// RoleEditor only edits content.
	RoleEditor Role = "editor"
)

// Roles lists the roles in the order a form offers them.
func Roles() []Role { return []Role{RoleOwner, RoleManager, RoleEditor} }

// ParseRole returns the role named s, and false when there is none.
func ParseRole(s string) (Role, bool) {
	switch r := Role(s); r {
	case RoleOwner, RoleManager, RoleEditor:
		return r, true
	}
	return "", false
}

// Permission is an area of the administration that a role may or may not use.
type Permission string

// The permissions. Handlers ask Role.Can with one of these rather than
// comparing roles, so that who may do what is decided only in Can.
const (
	// PermContent covers pages, posts, products, media and the design.
	PermContent Permission = "content"
	// PermSettings covers site settings, domains, shipping and payments.
	PermSettings Permission = "settings"
	// PermStaff covers inviting and removing staff.
	PermStaff Permission = "staff"
	// PermPlan covers the subscription plan and billing.
	PermPlan Permission = "plan"
	// PermScripts covers adding JavaScript to the site's pages (the cookie
	// settings' tagged scripts). Such code runs on the site's own address,
	// the admin's too, in the browser of whoever opens a page, the owner
	// included: only owners may add it, or a manager could act as an owner.
	PermScripts Permission = "scripts"
)

// Can reports whether role r has permission p. An unknown role has none.
func (r Role) Can(p Permission) bool {
	switch r {
	case RoleOwner:
		return true
	case RoleManager:
		return p == PermContent || p == PermSettings
	case RoleEditor:
		return p == PermContent
	}
	return false
}

// Label is the role's name as people read it.
func (r Role) Label() string {
	switch r {
	case RoleOwner:
		return "Owner"
	case RoleManager:
		return "Manager"
	case RoleEditor:
		return "Editor"
	}
	return string(r)
}
