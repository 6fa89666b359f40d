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
	// Custom CSS (Premium) and where head code goes.
	mux.Handle("GET /admin/settings/code", a.staff(accounts.PermSettings, a.customCodePage))
	mux.Handle("POST /admin/settings/code/css", a.staff(accounts.PermSettings, a.saveCustomCSS))

	// The shop's selling settings: shipping zones and methods, payment
	// methods, taxes with prices including or excluding them, order numbers
	// and terms.
	mux.Handle("GET /admin/settings/shipping", a.staff(accounts.PermSettings, a.shippingPage))
	mux.Handle("POST /admin/settings/shipping/zones", a.staff(accounts.PermSettings, a.saveZone))
	mux.Handle("POST /admin/settings/shipping/zones/{id}", a.staff(accounts.PermSettings, a.saveZone))
	mux.Handle("POST /admin/settings/shipping/zones/{id}/delete", a.staff(accounts.PermSettings, a.deleteZone))
	mux.Handle("POST /admin/settings/shipping/zones/{zone}/methods", a.staff(accounts.PermSettings, a.saveMethod))
	mux.Handle("POST /admin/settings/shipping/zones/{zone}/methods/{id}", a.staff(accounts.PermSettings, a.saveMethod))
	mux.Handle("POST /admin/settings/shipping/methods/{id}/delete", a.staff(accounts.PermSettings, a.deleteMethod))
	mux.Handle("GET /admin/settings/payments", a.staff(accounts.PermSettings, a.paymentsPage))
	mux.Handle("POST /admin/settings/payments/{code}", a.staff(accounts.PermSettings, a.savePayment))
	mux.Handle("GET /admin/settings/taxes", a.staff(accounts.PermSettings, a.taxesPage))
	mux.Handle("POST /admin/settings/taxes/mode", a.staff(accounts.PermSettings, a.saveTaxMode))
	mux.Handle("POST /admin/settings/taxes/classes", a.staff(accounts.PermSettings, a.addTaxClass))
	mux.Handle("POST /admin/settings/taxes/classes/{code}/delete", a.staff(accounts.PermSettings, a.deleteTaxClass))
	mux.Handle("POST /admin/settings/taxes/rates", a.staff(accounts.PermSettings, a.setTaxRate))
	mux.Handle("POST /admin/settings/taxes/rates/{id}/delete", a.staff(accounts.PermSettings, a.deleteTaxRate))
	// Own domains (domains.go): the DNS records to create and their live
	// status, the primary address, removal with confirmation; buying a
	// new domain (?buy=NAME searches; ordering is for owners, who pay).
	mux.Handle("GET /admin/domains", a.staff(accounts.PermSettings, a.domainsPage))
	mux.Handle("POST /admin/domains", a.staff(accounts.PermSettings, a.addDomain))
	mux.Handle("POST /admin/domains/primary", a.staff(accounts.PermSettings, a.setPrimary))
	mux.Handle("POST /admin/domains/orders", a.staff(accounts.PermPlan, a.orderDomain))
	mux.Handle("POST /admin/domains/{id}/check", a.staff(accounts.PermSettings, a.checkDomain))
	mux.Handle("GET /admin/domains/{id}/remove", a.staff(accounts.PermSettings, a.confirmRemoveDomain))
	mux.Handle("POST /admin/domains/{id}/remove", a.staff(accounts.PermSettings, a.removeDomain))

	mux.Handle("GET /admin/pages", a.staff(accounts.PermContent, a.listPages))
	mux.Handle("GET /admin/pages/new", a.staff(accounts.PermContent, a.newPage))
	mux.Handle("POST /admin/pages/new", a.staff(accounts.PermContent, a.createPage))
	mux.Handle("GET /admin/pages/{id}", a.staff(accounts.PermContent, a.editPage))
	mux.Handle("POST /admin/pages/{id}", a.staff(accounts.PermContent, a.updatePage))
	mux.Handle("GET /admin/pages/{id}/delete", a.staff(accounts.PermContent, a.confirmDeletePage))
	mux.Handle("POST /admin/pages/{id}/delete", a.staff(accounts.PermContent, a.deletePage))
	// The page editor (page_editor.go, page_section.go, page_history.go):
	// sections and blocks edited as a draft, the preview of the draft,
	// publish, schedule, history and restore. GET /admin/pages/{id} is the
	// editor itself.
	mux.Handle("GET /admin/pages/{id}/add", a.staff(accounts.PermContent, a.sectionGallery))
	mux.Handle("POST /admin/pages/{id}/sections", a.staff(accounts.PermContent, a.addSection))
	mux.Handle("POST /admin/pages/{id}/order", a.staff(accounts.PermContent, a.reorderSections))
	mux.Handle("GET /admin/pages/{id}/sections/{sid}", a.staff(accounts.PermContent, a.editSection))
	mux.Handle("POST /admin/pages/{id}/sections/{sid}", a.staff(accounts.PermContent, a.saveSection))
	mux.Handle("POST /admin/pages/{id}/sections/{sid}/{action}", a.staff(accounts.PermContent, a.sectionAction))
	mux.Handle("GET /admin/pages/{id}/preview", a.staff(accounts.PermContent, a.previewPage))
	mux.Handle("POST /admin/pages/{id}/publish", a.staff(accounts.PermContent, a.publishPage))
	mux.Handle("POST /admin/pages/{id}/discard", a.staff(accounts.PermContent, a.discardDraft))
	mux.Handle("POST /admin/pages/{id}/schedule", a.staff(accounts.PermContent, a.schedulePage))
	mux.Handle("GET /admin/pages/{id}/history", a.staff(accounts.PermContent, a.pageHistory))
	mux.Handle("POST /admin/pages/{id}/history/{vid}/restore", a.staff(accounts.PermContent, a.restoreVersion))
	// The list's buttons and a page's settings (page_list.go,
	// page_settings.go): duplicate, move up/down, make home; title,
	// address, menu, SEO, sharing image, page-not-found; redirects.
	mux.Handle("POST /admin/pages/{id}/duplicate", a.staff(accounts.PermContent, a.duplicatePage))
	mux.Handle("POST /admin/pages/{id}/move", a.staff(accounts.PermContent, a.movePage))
	mux.Handle("GET /admin/pages/{id}/home", a.staff(accounts.PermContent, a.confirmHomePage))
	mux.Handle("POST /admin/pages/{id}/home", a.staff(accounts.PermContent, a.setHomePage))
	mux.Handle("GET /admin/pages/{id}/settings", a.staff(accounts.PermContent, a.pageSettings))
	mux.Handle("POST /admin/pages/{id}/settings", a.staff(accounts.PermContent, a.savePageSettings))
	mux.Handle("GET /admin/redirects", a.staff(accounts.PermContent, a.listRedirects))
	mux.Handle("POST /admin/redirects", a.staff(accounts.PermContent, a.addRedirect))
	mux.Handle("POST /admin/redirects/delete", a.staff(accounts.PermContent, a.deleteRedirect))
	// A design of one's own (design_request.go): the request form, its
	// thread with the platform's designers, replies.
	mux.Handle("GET /admin/design-request", a.staff(accounts.PermContent, a.designRequests))
	mux.Handle("POST /admin/design-request", a.staff(accounts.PermContent, a.createDesignRequest))
	mux.Handle("GET /admin/design-request/{id}", a.staff(accounts.PermContent, a.designRequest))
	mux.Handle("POST /admin/design-request/{id}/reply", a.staff(accounts.PermContent, a.replyDesignRequest))

	// The blog (blog.go): the list with search and filters, writing and
	// editing a post, its preview in the site's design, deleting it after
	// a confirmation.
	mux.Handle("GET /admin/blog", a.staff(accounts.PermContent, a.listPosts))
	mux.Handle("GET /admin/blog/new", a.staff(accounts.PermContent, a.newPost))
	mux.Handle("POST /admin/blog/new", a.staff(accounts.PermContent, a.savePost))
	mux.Handle("GET /admin/blog/{id}", a.staff(accounts.PermContent, a.editPost))
	mux.Handle("POST /admin/blog/{id}", a.staff(accounts.PermContent, a.savePost))
	mux.Handle("GET /admin/blog/{id}/preview", a.staff(accounts.PermContent, a.previewPost))
	mux.Handle("GET /admin/blog/{id}/delete", a.staff(accounts.PermContent, a.confirmDeletePost))
	mux.Handle("POST /admin/blog/{id}/delete", a.staff(accounts.PermContent, a.deletePost))

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
	// Design settings (design_settings.go): a draft, its preview (a page of
	// the site drawn with it, never cached) and stylesheet, publish,
	// discard, reset; a design's preview with the site's own pages before
	// switching to it.
	mux.Handle("POST /admin/design/settings", a.staff(accounts.PermContent, a.saveDesignSettings))
	mux.Handle("POST /admin/design/publish", a.staff(accounts.PermContent, a.publishDesign))
	mux.Handle("POST /admin/design/discard", a.staff(accounts.PermContent, a.discardDesign))
	mux.Handle("POST /admin/design/reset", a.staff(accounts.PermContent, a.resetDesign))
	mux.Handle("GET /admin/design/preview", a.staff(accounts.PermContent, a.previewDraft))
	mux.Handle("GET /admin/design/preview.css", a.staff(accounts.PermContent, a.draftStylesheet))
	mux.Handle("GET /admin/design/preview/{theme}", a.staff(accounts.PermContent, a.previewTheme))
	mux.Handle("GET /admin/design/switch/{theme}", a.staff(accounts.PermContent, a.switchPage))
	// Menus (menus.go): the header's and the footer's links.
	mux.Handle("GET /admin/menus", a.staff(accounts.PermContent, a.menusPage))
	mux.Handle("POST /admin/menus/{menu}/add", a.staff(accounts.PermContent, a.addMenuItem))
	mux.Handle("POST /admin/menus/{menu}/items/{id}", a.staff(accounts.PermContent, a.editMenuItem))
	mux.Handle("POST /admin/menus/{menu}/reset", a.staff(accounts.PermContent, a.resetMenu))

	mux.Handle("GET /admin/staff", a.staff(accounts.PermStaff, a.staffPage))
	mux.Handle("POST /admin/staff/invite", a.staff(accounts.PermStaff, a.invite))
	mux.Handle("POST /admin/staff/{id}/role", a.staff(accounts.PermStaff, a.setRole))
	mux.Handle("GET /admin/staff/{id}/remove", a.staff(accounts.PermStaff, a.confirmRemoveMember))
	mux.Handle("POST /admin/staff/{id}/remove", a.staff(accounts.PermStaff, a.removeMember))
	mux.Handle("GET /admin/invitations/{id}/revoke", a.staff(accounts.PermStaff, a.confirmRevoke))
	mux.Handle("POST /admin/invitations/{id}/revoke", a.staff(accounts.PermStaff, a.revoke))

	// Cookie consent and the privacy declaration: the bar's texts and
	// colours, the tagged scripts, the log of visitors' choices.
	mux.Handle("GET /admin/privacy", a.staff(accounts.PermSettings, a.privacyPage))
	mux.Handle("POST /admin/privacy", a.staff(accounts.PermSettings, a.savePrivacy))
	mux.Handle("POST /admin/privacy/scripts", a.staff(accounts.PermScripts, a.addScript))
	mux.Handle("GET /admin/privacy/scripts/{id}/delete", a.staff(accounts.PermScripts, a.confirmDeleteScript))
	mux.Handle("POST /admin/privacy/scripts/{id}/delete", a.staff(accounts.PermScripts, a.deleteScript))
	mux.Handle("GET /admin/privacy/log.csv", a.staff(accounts.PermSettings, a.exportConsentLog))

	// Contact forms and the messages sent with them.
	mux.Handle("GET /admin/forms", a.staff(accounts.PermContent, a.listForms))
	mux.Handle("POST /admin/forms", a.staff(accounts.PermContent, a.createForm))
	mux.Handle("GET /admin/forms/{id}", a.staff(accounts.PermContent, a.editForm))
	mux.Handle("POST /admin/forms/{id}", a.staff(accounts.PermContent, a.saveForm))
	mux.Handle("GET /admin/forms/{id}/delete", a.staff(accounts.PermContent, a.confirmDeleteForm))
	mux.Handle("POST /admin/forms/{id}/delete", a.staff(accounts.PermContent, a.deleteForm))
	mux.Handle("GET /admin/inbox", a.staff(accounts.PermContent, a.inbox))
	mux.Handle("GET /admin/inbox.csv", a.staff(accounts.PermContent, a.exportInbox))
	mux.Handle("GET /admin/inbox/{id}", a.staff(accounts.PermContent, a.message))
	mux.Handle("POST /admin/inbox/{id}/status", a.staff(accounts.PermContent, a.setMessageStatus))
	mux.Handle("GET /admin/inbox/{id}/delete", a.staff(accounts.PermContent, a.confirmDeleteMessage))
	mux.Handle("POST /admin/inbox/{id}/delete", a.staff(accounts.PermContent, a.deleteMessage))
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

	// Webhooks (webhooks.go): the list with the form that makes one (and
	// shows its signing secret once), one webhook's page with its delivery
	// log, pause and resume, deletion after a confirmation, and resending
	// a delivery.
	mux.Handle("GET "+webhooksPath, a.staff(accounts.PermSettings, a.listWebhooks))
	mux.Handle("POST "+webhooksPath, a.staff(accounts.PermSettings, a.createWebhook))
	mux.Handle("GET "+webhooksPath+"/{id}", a.staff(accounts.PermSettings, a.webhook))
	mux.Handle("POST "+webhooksPath+"/{id}", a.staff(accounts.PermSettings, a.updateWebhook))
	mux.Handle("POST "+webhooksPath+"/{id}/pause", a.staff(accounts.PermSettings, a.pauseWebhook))
	mux.Handle("POST "+webhooksPath+"/{id}/resume", a.staff(accounts.PermSettings, a.resumeWebhook))
	mux.Handle("GET "+webhooksPath+"/{id}/delete", a.staff(accounts.PermSettings, a.confirmDeleteWebhook))
	mux.Handle("POST "+webhooksPath+"/{id}/delete", a.staff(accounts.PermSettings, a.deleteWebhook))
	mux.Handle("POST "+webhooksPath+"/{id}/deliveries/{delivery}/resend", a.staff(accounts.PermSettings, a.resendDelivery))
	// Orders (orders.go, order_statuses.go, invoices.go, order_emails.go,
	// customers.go): the list and an order's page with its status, cancel,
	// internal note, payments, invoices and packing slip; the site's own
	// statuses; invoices as a printable page and a PDF, and the seller's
	// details on them; the wording of order e-mails; customers.
	mux.Handle("GET /admin/orders", a.staff(permOrders, a.listOrders))
	mux.Handle("GET /admin/orders/new", a.staff(permOrders, a.newOrder))
	mux.Handle("POST /admin/orders/new", a.staff(permOrders, a.placeOrder))
	mux.Handle("GET /admin/orders/{id}", a.staff(permOrders, a.orderPage))
	mux.Handle("POST /admin/orders/{id}/status", a.staff(permOrders, a.setOrderStatus))
	mux.Handle("GET /admin/orders/{id}/cancel", a.staff(permOrders, a.confirmCancelOrder))
	mux.Handle("POST /admin/orders/{id}/cancel", a.staff(permOrders, a.cancelOrder))
	mux.Handle("POST /admin/orders/{id}/note", a.staff(permOrders, a.saveOrderNote))
	mux.Handle("POST /admin/orders/{id}/payments", a.staff(permOrders, a.recordPayment))
	mux.Handle("POST /admin/orders/{id}/invoices", a.staff(permOrders, a.issueInvoice))
	mux.Handle("GET /admin/orders/{id}/packing-slip", a.staff(permOrders, a.packingSlip))
	mux.Handle("GET /admin/order-statuses", a.staff(permOrders, a.listStatuses))
	mux.Handle("POST /admin/order-statuses", a.staff(permOrders, a.createStatus))
	mux.Handle("GET /admin/order-statuses/{code}", a.staff(permOrders, a.editStatus))
	mux.Handle("POST /admin/order-statuses/{code}", a.staff(permOrders, a.updateStatus))
	mux.Handle("GET /admin/order-statuses/{code}/delete", a.staff(permOrders, a.confirmDeleteStatus))
	mux.Handle("POST /admin/order-statuses/{code}/delete", a.staff(permOrders, a.deleteStatus))
	mux.Handle("GET /admin/invoices/{id}", a.staff(permOrders, a.invoicePage))
	mux.Handle("GET /admin/invoices/{id}/pdf", a.staff(permOrders, a.invoicePDF))
	mux.Handle("GET /admin/settings/invoices", a.staff(permOrders, a.invoiceSettingsPage))
	mux.Handle("POST /admin/settings/invoices", a.staff(permOrders, a.saveInvoiceSettings))
	mux.Handle("GET /admin/emails", a.staff(permOrders, a.listEmails))
	mux.Handle("GET /admin/emails/{event}", a.staff(permOrders, a.emailPage))
	mux.Handle("POST /admin/emails/{event}", a.staff(permOrders, a.saveEmail))
	mux.Handle("POST /admin/emails/{event}/reset", a.staff(permOrders, a.resetEmail))
	mux.Handle("GET /admin/customers", a.staff(permOrders, a.listCustomers))
	mux.Handle("GET /admin/customers/{id}", a.staff(permOrders, a.customerPage))
	mux.Handle("POST /admin/customers/{id}/note", a.staff(permOrders, a.saveCustomerNote))
	mux.Handle("GET /admin/customers/{id}/export", a.staff(permOrders, a.exportCustomer))
	mux.Handle("GET /admin/customers/{id}/delete", a.staff(permOrders, a.confirmDeleteCustomer))
	mux.Handle("POST /admin/customers/{id}/delete", a.staff(permOrders, a.deleteCustomer))

	// Anything else under /admin is a 404 page in the admin's frame.
	// Method-qualified so that no storefront catch-all pattern conflicts.
	mux.Handle("GET /admin/", a.open(a.notFound))
	mux.Handle("POST /admin/", a.open(a.notFound))
}
