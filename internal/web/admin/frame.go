package admin

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/domains"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/web/ui"
)

// navItem is one entry of the admin's navigation, the menu it sits in on a
// wide screen ("" for the bar itself), and who sees it.
type navItem struct {
	label, url, group string
	perm              accounts.Permission
}

// navItems keep the bar to the daily work; the rest is in three menus, so
// that some 25 destinations fit one row.
var navItems = []navItem{
	{"Dashboard", "/admin", "", ""},
	{"Pages", "/admin/pages", "", accounts.PermContent},
	{"Blog", "/admin/blog", "", accounts.PermContent},
	{"Products", "/admin/products", "", accounts.PermContent},
	{"Orders", "/admin/orders", "", permOrders},
	{"Design", "/admin/design", "", accounts.PermContent},
	{"Categories", "/admin/categories", "Shop", accounts.PermContent},
	{"Inventory", "/admin/inventory", "Shop", accounts.PermContent},
	{"Customers", "/admin/customers", "Shop", permOrders},
	{"Feeds", "/admin/feeds", "Shop", accounts.PermContent},
	{"Media", "/admin/media", "Site", accounts.PermContent},
	{"Menus", "/admin/menus", "Site", accounts.PermContent},
	{"Forms", "/admin/forms", "Site", accounts.PermContent},
	{"Inbox", "/admin/inbox", "Site", accounts.PermContent},
	{"Settings", "/admin/settings", "Settings", accounts.PermSettings},
	{"Staff", "/admin/staff", "Settings", accounts.PermStaff},
	{"Domains", "/admin/domains", "Settings", accounts.PermSettings},
	{"Privacy", "/admin/privacy", "Settings", accounts.PermSettings},
	{"Webhooks", "/admin/webhooks", "Settings", accounts.PermSettings},
	{"API", "/admin/api", "Settings", accounts.PermSettings},
	{"Plan", "/admin/plans", "Settings", accounts.PermPlan},
	{"Account", "/admin/account", "Settings", ""},
}

// frame fills what every admin page shares: the site's title, the
// navigation the person's role may use, and the trial banner.
func (a *Admin) frame(r *http.Request, p *ui.Page) {
	p.Area, p.HomeURL, p.PlatformURL = "admin", "/admin", a.d.Config.PlatformURL()
	st, ok := r.Context().Value(stateKey{}).(*state)
	if !ok {
		return
	}
	p.AreaLabel = st.site.Title
	if st.account.ID != 0 {
		p.LogoutURL = "/admin/logout"
	}
	if st.member == nil {
		return
	}
	for _, n := range navItems {
		if n.perm != "" && !st.member.Role.Can(n.perm) {
			continue
		}
		current := r.URL.Path == n.url || (n.url != "/admin" && strings.HasPrefix(r.URL.Path, n.url+"/"))
		p.Nav = append(p.Nav, ui.NavLink{Label: n.label, URL: n.url, Current: current, Group: n.group})
	}
	p.Nav = append(p.Nav, ui.NavLink{Label: "View site ↗", URL: "/"})
	if p.Banner == "" {
		p.Banner = banner(st.site, a.now())
	}
}

// banner is the one-line notice about the site's plan shown on every page.
func banner(s sites.Site, now time.Time) string {
	switch {
	case s.Suspended():
		return "Your site is suspended, so visitors see an \"unavailable\" page: " + s.SuspendedReason +
			". Nothing is deleted. Contact Pagecart support to have it restored."
	case s.OnTrial():
		return trialLeft(s.TrialDaysLeft(now))
	case s.Plan == plans.Free && !s.TrialEndsAt.IsZero() && s.RequestedPlan == "":
		return "Your trial ended: your site is on Free. Nothing was deleted; pages above Free's limit are read-only until you pick a plan."
	}
	return ""
}

func trialLeft(days int) string {
	switch days {
	case 0:
		return "Your free trial ends today."
	case 1:
		return "1 day left in your free trial."
	}
	return strconv.Itoa(days) + " days left in your free trial."
}

var funcs = template.FuncMap{
	"price":        price,
	"limit":        limit,
	"storage":      storage,
	"thousands":    thousands,
	"roleLabel":    roleLabel,
	"roles":        accounts.Roles,
	"indent":       indent,
	"add":          func(a, b int) int { return a + b },
	"statusBadge":  statusBadge,
	"hookBadge":    hookBadge,
	"httpBadge":    httpBadge,
	"ms":           func(d time.Duration) int64 { return d.Milliseconds() },
	"listQuery":    func(d productsData) string { return listParams(d).Encode() },
	"orderStatus":  orderStatusBadge,
	"payBadge":     payBadge,
	"payLabel":     orders.PaymentLabel,
	"display":      domains.Display,
	"recordStatus": recordStatus,
}

// recordStatus shows what the last check found for a DNS record.
func recordStatus(r domains.Record) template.HTML {
	switch r.Status {
	case domains.Correct:
		return `<span class="badge ok">Correct</span>`
	case domains.Missing:
		return `<span class="badge bad">Missing</span>`
	case domains.Wrong:
		found := make([]string, len(r.Found))
		for i, f := range r.Found {
			found[i] = template.HTMLEscapeString(f)
		}
		return template.HTML(`<span class="badge bad">Wrong value</span><br><span class="small">Found: <code>` +
			strings.Join(found, "</code>, <code>") + `</code></span>`)
	case domains.Unknown:
		return `<span class="badge warn">No answer</span><br><span class="small muted">The DNS server did not answer; we try again.</span>`
	}
	return `<span class="badge">Not checked</span>`
}

// indent sets a category's title in from its depth in the tree.
func indent(depth int) string { return strings.Repeat("   ", depth) }

// statusBadge shows a product's status in words and colour.
func statusBadge(s catalog.Status) template.HTML {
	switch s {
	case catalog.StatusActive:
		return `<span class="badge ok">Active</span>`
	case catalog.StatusArchived:
		return `<span class="badge">Archived</span>`
	}
	return `<span class="badge warn">Draft</span>`
}

// price formats minor units of a currency: "€29", "€9.50", "120 CZK".
func price(minor int64, currency string) string {
	n := thousands(int(minor / 100))
	if c := minor % 100; c != 0 {
		n += fmt.Sprintf(".%02d", c)
	}
	switch currency {
	case "EUR":
		return "€" + n
	case "USD":
		return "$" + n
	case "GBP":
		return "£" + n
	}
	return n + " " + currency
}

// limit shows a plan limit: "Unlimited", "None" or the number.
func limit(n int) string {
	switch n {
	case plans.Unlimited:
		return "Unlimited"
	case 0:
		return "None"
	}
	return thousands(n)
}

// storage shows megabytes as people read them: "100 MB", "10 GB".
func storage(mb int) string {
	if mb >= 1024 && mb%1024 == 0 {
		return thousands(mb/1024) + " GB"
	}
	return thousands(mb) + " MB"
}

// thousands writes 1000000 as "1,000,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func roleLabel(r accounts.Role) string { return r.Label() }
