package admin

import (
	"net/http"

	"github.com/pagecart/pagecart/internal/accounts"
)

// anyRole is for pages every member may use (dashboard, own account).
const anyRole accounts.Permission = ""

// Routes lists every URL of the administration. All live on a site's host;
// the site comes from the request context.
func (a *Admin) Routes(mux *http.ServeMux) {
	// Logging in and out, and the hand-over from a signup on the platform.
	mux.Handle("GET /admin/login", a.open(a.loginPage))
	mux.Handle("POST /admin/login", a.open(a.login))
	mux.Handle("POST /admin/logout", a.open(a.logout))
	mux.Handle("GET /admin/sso", a.open(a.sso))

	// Accepting a staff invitation, logged in or not.
	mux.Handle("GET /admin/invite/{token}", a.open(a.invitePage))
	mux.Handle("POST /admin/invite/{token}", a.open(a.acceptInvite))

	mux.Handle("GET /admin/{$}", a.staff(anyRole, a.dashboard))
	mux.Handle("GET /admin", a.staff(anyRole, a.dashboard))

	mux.Handle("GET /admin/settings", a.staff(accounts.PermSettings, a.settingsPage))
	mux.Handle("POST /admin/settings", a.staff(accounts.PermSettings, a.saveSettings))

	mux.Handle("GET /admin/pages", a.staff(accounts.PermContent, a.listPages))
	mux.Handle("GET /admin/pages/new", a.staff(accounts.PermContent, a.newPage))
	mux.Handle("POST /admin/pages/new", a.staff(accounts.PermContent, a.createPage))
	mux.Handle("GET /admin/pages/{id}", a.staff(accounts.PermContent, a.editPage))
	mux.Handle("POST /admin/pages/{id}", a.staff(accounts.PermContent, a.updatePage))
	mux.Handle("GET /admin/pages/{id}/delete", a.staff(accounts.PermContent, a.confirmDeletePage))
	mux.Handle("POST /admin/pages/{id}/delete", a.staff(accounts.PermContent, a.deletePage))

	// The shop's catalog: products, categories and stock. (CSV import and
	// export and the product feeds have their own block.)
	mux.Handle("GET /admin/products", a.staff(accounts.PermContent, a.listProducts))
	mux.Handle("POST /admin/products/bulk", a.staff(accounts.PermContent, a.bulkProducts))
	mux.Handle("GET /admin/products/new", a.staff(accounts.PermContent, a.newProduct))
	mux.Handle("POST /admin/products/new", a.staff(accounts.PermContent, a.saveProduct))
	mux.Handle("GET /admin/products/{id}", a.staff(accounts.PermContent, a.editProduct))
	mux.Handle("POST /admin/products/{id}", a.staff(accounts.PermContent, a.saveProduct))
	mux.Handle("GET /admin/products/{id}/delete", a.staff(accounts.PermContent, a.confirmDeleteProduct))
	mux.Handle("POST /admin/products/{id}/delete", a.staff(accounts.PermContent, a.deleteProduct))
	mux.Handle("GET /admin/categories", a.staff(accounts.PermContent, a.listCategories))
	mux.Handle("POST /admin/categories", a.staff(accounts.PermContent, a.createCategory))
	mux.Handle("GET /admin/categories/{id}", a.staff(accounts.PermContent, a.editCategory))
	mux.Handle("POST /admin/categories/{id}", a.staff(accounts.PermContent, a.updateCategory))
	mux.Handle("POST /admin/categories/{id}/move", a.staff(accounts.PermContent, a.moveCategory))
	mux.Handle("POST /admin/categories/{id}/products/move", a.staff(accounts.PermContent, a.moveCategoryProduct))
	mux.Handle("GET /admin/categories/{id}/delete", a.staff(accounts.PermContent, a.confirmDeleteCategory))
	mux.Handle("POST /admin/categories/{id}/delete", a.staff(accounts.PermContent, a.deleteCategory))
	mux.Handle("GET /admin/inventory", a.staff(accounts.PermContent, a.inventory))
	mux.Handle("GET /admin/inventory/variants/{id}", a.staff(accounts.PermContent, a.stockHistory))
	mux.Handle("POST /admin/inventory/variants/{id}", a.staff(accounts.PermContent, a.adjustStock))

	mux.Handle("GET /admin/media", a.staff(accounts.PermContent, a.mediaLibrary))
	mux.Handle("POST /admin/media/upload", a.staff(accounts.PermContent, a.uploadMedia))
	mux.Handle("GET /admin/media/{id}", a.staff(accounts.PermContent, a.mediaItem))
	mux.Handle("POST /admin/media/{id}", a.staff(accounts.PermContent, a.saveMediaAlt))
	mux.Handle("GET /admin/media/{id}/delete", a.staff(accounts.PermContent, a.confirmDeleteMedia))
	mux.Handle("POST /admin/media/{id}/delete", a.staff(accounts.PermContent, a.deleteMedia))

	mux.Handle("GET /admin/design", a.staff(accounts.PermContent, a.designPage))
	mux.Handle("POST /admin/design", a.staff(accounts.PermContent, a.setDesign))

	mux.Handle("GET /admin/staff", a.staff(accounts.PermStaff, a.staffPage))
	mux.Handle("POST /admin/staff/invite", a.staff(accounts.PermStaff, a.invite))
	mux.Handle("POST /admin/staff/{id}/role", a.staff(accounts.PermStaff, a.setRole))
	mux.Handle("GET /admin/staff/{id}/remove", a.staff(accounts.PermStaff, a.confirmRemoveMember))
	mux.Handle("POST /admin/staff/{id}/remove", a.staff(accounts.PermStaff, a.removeMember))
	mux.Handle("GET /admin/invitations/{id}/revoke", a.staff(accounts.PermStaff, a.confirmRevoke))
	mux.Handle("POST /admin/invitations/{id}/revoke", a.staff(accounts.PermStaff, a.revoke))

	// The API: tokens (created with their secret shown once, revoked after
	// a confirmation) and the documentation with its query console.
	mux.Handle("GET /admin/api", a.staff(accounts.PermSettings, a.apiPage))
	mux.Handle("POST /admin/api/tokens", a.staff(accounts.PermSettings, a.createAPIToken))
	mux.Handle("GET /admin/api/tokens/{id}/revoke", a.staff(accounts.PermSettings, a.confirmRevokeAPIToken))
	mux.Handle("POST /admin/api/tokens/{id}/revoke", a.staff(accounts.PermSettings, a.revokeAPIToken))
	mux.Handle("GET /admin/api/docs", a.staff(accounts.PermSettings, a.apiDocs))

	mux.Handle("GET /admin/plans", a.staff(accounts.PermPlan, a.plansPage))
	mux.Handle("POST /admin/plans", a.staff(accounts.PermPlan, a.requestPlan))

	mux.Handle("GET /admin/account", a.staff(anyRole, a.accountPage))
	mux.Handle("POST /admin/account/password", a.staff(anyRole, a.changePassword))
	mux.Handle("POST /admin/account/email", a.staff(anyRole, a.changeEmail))
	// The link sent to a new e-mail address: opened from the mailbox,
	// perhaps in a browser that is not logged in.
	mux.Handle("GET /admin/account/email/{token}", a.open(a.confirmEmailPage))
	mux.Handle("POST /admin/account/email/{token}", a.open(a.confirmEmail))

	// Catalog import and export, product feeds and sample products
	// (catalogio.go): upload a CSV → preview → confirm → progress/report;
	// the CSV export; the feeds' secret addresses; deleting the samples a
	// new shop starts with.
	mux.Handle("GET "+importPath, a.staff(accounts.PermContent, a.importForm))
	mux.Handle("POST "+importPath, a.staff(accounts.PermContent, a.uploadImport))
	mux.Handle("GET "+importsPath+"/{id}", a.staff(accounts.PermContent, a.importStatus))
	mux.Handle("POST "+importsPath+"/{id}", a.staff(accounts.PermContent, a.startImport))
	mux.Handle("GET /admin/products/export", a.staff(accounts.PermContent, a.exportProducts))
	mux.Handle("GET /admin/feeds", a.staff(accounts.PermContent, a.feeds))
	mux.Handle("POST /admin/feeds/new-address", a.staff(accounts.PermContent, a.newFeedAddress))
	mux.Handle("GET /admin/products/samples", a.staff(accounts.PermContent, a.samplesPage))
	mux.Handle("POST /admin/products/samples", a.staff(accounts.PermContent, a.deleteSamples))

	// Anything else under /admin is a 404 page in the admin's frame.
	// Method-qualified so that no storefront catch-all pattern conflicts.
	mux.Handle("GET /admin/", a.open(a.notFound))
	mux.Handle("POST /admin/", a.open(a.notFound))
}
