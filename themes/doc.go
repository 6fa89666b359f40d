// Package themes holds Pagecart's premade site designs and renders site pages with them.
//
// Each design lives in its own directory, themes/<name>/, and is embedded into the binary:
//
//	theme.json      title, description, kind, whether it is the default, and its starter pages
//	layout.html     the templates "page" (a full document) and "notfound" (the design's 404 content)
//	style.css       the only stylesheet; the storefront's CSP allows no inline styles or scripts
//	favicon.svg     the tab icon
//	thumbnail.png   a screenshot of the home page for the signup gallery (see thumbnail_test.go)
//	pages/*.html    the bodies of the starter pages every new site with this design begins with
//	*.svg           illustrations, referenced only from style.css so page bodies never hold asset URLs
//
// All designs style the same small vocabulary of classes, so a page written under one design still looks
// right after the owner switches to another:
//
//	section.hero (.eyebrow, h1, .lede, .actions > a.button / a.button.secondary, .hero-art)
//	section.band, section.band.alt    a full-width band around a div.wrap
//	.features > .feature              a grid of short points (h3, p)
//	.cards > article.card             .card-art, h3, p, p.price
//	.price-list > li                  span.item, span.note, span.price
//	blockquote.testimonial            p, footer
//	section.cta                       h2, p, a.button
//	.contact                          .contact-card with address, dl.hours, p.email; .contact-art
//	.posts > article.post             .card-art, p.meta, h3, p
//	.split                            two columns: .prose and a .side-art
//	.prose                            running text
//	h2.section-title                  a small heading over a list of posts
//	.art.art-a … .art-d               decorative illustrations, each design drawing its own
//
// The layout adds a header.page-head with the page's title above every page but the home page, whose hero
// carries its own heading.
//
// Pages are rendered with html/template from the shared head and footer in base.html, so every design has
// the same document head (language, title, viewport, description, stylesheet, icon) and no design can
// forget the escaping of owner-supplied text.
package themes
