// Package themes holds Pagecart's premade site designs and renders site pages with them.
//
// Each design lives in its own directory, themes/<name>/, and is embedded into the binary:
//
//	theme.json      title, description, kind, whether it is the default, its starter pages, and "hides": the
//	                section types it cannot show (the storefront draws nothing for them)
//	layout.html     "notfound" (the design's 404 content), and "page" (the whole document) when the design
//	                draws it otherwise than the shared one in base.html
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
// Pages are made of sections. A page is an ordered list of typed sections (package internal/sections: hero,
// rich text, picture with text, gallery, features, cards, price list, testimonials, call to action, contact
// details, blog posts, featured products, product grid, contact form, newsletter, custom HTML), each with
// settings and repeatable blocks, stored as JSON and shared by every design, so switching design keeps every
// page. The vocabulary above stays the rendering target: sections.html draws each type as the templates
// "section-<type>" in these classes, so every design's style.css styles them without knowing about
// sections, and sections.css (linked on pages made of sections) adds what the vocabulary lacks: the gallery,
// several testimonials as a grid, the newsletter box, pictures from the media library in the picture slots,
// empty states. It uses only the design variables (--pc-bg, --pc-surface, --pc-text, --pc-muted, --pc-accent,
// --pc-accent-text, --pc-line, --pc-font-heading, --pc-font-body, --pc-radius) with fallbacks. A design
// that wants a section to look different styles its .sec-<type> class. The storefront resolves what a
// section shows from elsewhere (pictures, products, a form, blog posts) into a SectionView before
// rendering; templates never query anything. An image setting is a media ID or one of the design's own
// illustrations "art-a" … "art-d", drawn as the .art classes above. Pages of the foundation era, written
// in this vocabulary as HTML, convert with sections.FromHTML; each design's starter pages convert wholly to
// typed sections (a test checks every design, including new ones). Text in a plain-text setting written as
// "[…]" is drawn as a placeholder, as in starter pages. sections/thumbs/ holds a drawing per section type for
// the editor's gallery.
//
// Every page links two shared stylesheets before the design's own: nav.css (the header and footer menus,
// with the phone's Menu button) and shop.css (product grids, product pages, search, breadcrumbs). They use
// variables the design's style.css sets (--pc-* and --shop-*), so the rules live once and every design
// still gives them its look; a design overrides them below its --shop-* values.
//
// The layout adds a header.page-head with the page's title above every page but the home page, whose hero
// carries its own heading.
//
// Pages are rendered with html/template from the shared head and footer in base.html, so every design has
// the same document head (language, title, viewport, description, stylesheet, icon) and no design can
// forget the escaping of owner-supplied text.
package themes
