package sections

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FromHTML turns a foundation-era page body (HTML written in the class vocabulary of themes/doc.go) into
// typed sections: section.hero → hero, .features → features, .cards → cards, .price-list → price-list,
// blockquote.testimonial → testimonials, section.cta → cta, .contact → contact, .posts → posts, .split →
// picture with text, .prose → text. A part is converted only when every element in it is understood; anything
// else becomes a rich text section (plain paragraphs, headings, lists, links) or, when the rich text editor
// would lose its markup, a custom HTML section holding it as it was. Nothing of the page is lost.
//
// The sections are valid (Validate passes) unless the page holds more than MaxSections parts.
func FromHTML(src string) []Section {
	if strings.TrimSpace(src) == "" {
		return nil
	}
	// Bytes that are not UTF-8 could not be stored as text; a browser showed them as U+FFFD too.
	src = strings.ToValidUTF8(src, "\uFFFD")
	body := &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"}
	nodes, err := html.ParseFragment(strings.NewReader(src), body)
	if err != nil {
		// The HTML5 parser accepts any input; keep the page whole should it ever fail.
		return []Section{fallback(src)}
	}
	c := converter{}
	c.top(nodes)
	c.flush()
	secs := c.out
	if Validate(secs) != nil {
		// A converted value broke a limit (a heading longer than a heading may be): keep the page as it
		// was rather than cut anything.
		return []Section{fallback(src)}
	}
	return secs
}

// fallback is a whole page kept as rich text or custom HTML.
func fallback(src string) Section {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"})
	if err == nil && simple(nodes) {
		return richtext(Sanitize(src), "", "")
	}
	s, _ := New("html")
	s.Settings["html"] = Sanitize(src)
	return s
}

func richtext(text, width, background string) Section {
	s, _ := New("richtext")
	s.Settings["text"] = text
	if width != "" {
		s.Settings["width"] = width
	}
	if background != "" {
		s.Settings["background"] = background
	}
	return s
}

// converter collects sections; run holds the nodes not understood yet, kept in order until a known part
// ends them.
type converter struct {
	out []Section
	run []*html.Node
	// runBand and runWidth are the band the pending nodes stood in, so that their text keeps its place.
	runBand, runWidth string
}

func (c *converter) emit(s Section) {
	c.flush()
	c.out = append(c.out, s)
}

func (c *converter) keep(n *html.Node, band, width string) {
	if len(c.run) == 0 {
		c.runBand, c.runWidth = band, width
	}
	c.run = append(c.run, n)
}

// flush writes the pending nodes as sections: each stretch of plain markup as rich text, each stretch of
// other markup as custom HTML, so that a page's plain paragraphs stay editable beside a table.
func (c *converter) flush() {
	if len(c.run) == 0 {
		return
	}
	run := c.run
	c.run = nil
	var group []*html.Node
	groupSimple := false
	end := func() {
		c.emitRun(group, groupSimple)
		group = nil
	}
	for _, n := range run {
		blank := n.Type == html.CommentNode || n.Type == html.TextNode && strings.TrimSpace(n.Data) == ""
		if !blank {
			isSimple := simple([]*html.Node{n})
			if len(group) > 0 && hasContent(group) && isSimple != groupSimple {
				end()
			}
			groupSimple = isSimple
		}
		group = append(group, n)
	}
	end()
}

func hasContent(nodes []*html.Node) bool {
	for _, n := range nodes {
		if n.Type != html.CommentNode && (n.Type != html.TextNode || strings.TrimSpace(n.Data) != "") {
			return true
		}
	}
	return false
}

// emitRun writes nodes as one rich text or custom HTML section.
func (c *converter) emitRun(nodes []*html.Node, isSimple bool) {
	if !hasContent(nodes) {
		return
	}
	var b bytes.Buffer
	for _, n := range nodes {
		_ = html.Render(&b, n)
	}
	src := strings.TrimSpace(b.String())
	if isSimple {
		c.out = append(c.out, richtext(Sanitize(src), c.runWidth, c.runBand))
		return
	}
	s, _ := New("html")
	s.Settings["html"] = Sanitize(src)
	c.out = append(c.out, s)
}

// richTags are the elements the rich text editor writes and keeps.
var richTags = map[atom.Atom]bool{
	atom.P: true, atom.Br: true, atom.Strong: true, atom.B: true, atom.Em: true, atom.I: true, atom.U: true,
	atom.S: true, atom.A: true, atom.Ul: true, atom.Ol: true, atom.Li: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.Blockquote: true, atom.Code: true, atom.Hr: true, atom.Span: true,
}

// richClasses are the classes of the vocabulary rich text may carry.
var richClasses = map[string]bool{"lede": true, "placeholder": true, "eyebrow": true, "section-title": true}

// simple reports whether nodes hold only markup a rich text section keeps as it is.
func simple(nodes []*html.Node) bool {
	for _, n := range nodes {
		switch n.Type {
		case html.TextNode, html.CommentNode:
			continue
		case html.ElementNode:
		default:
			return false
		}
		if !richTags[n.DataAtom] {
			return false
		}
		for _, a := range n.Attr {
			switch {
			case (a.Key == "href" || a.Key == "rel") && n.DataAtom == atom.A, a.Key == "title":
			case a.Key == "class":
				for _, cl := range strings.Fields(a.Val) {
					if !richClasses[cl] {
						return false
					}
				}
			default:
				return false
			}
		}
		if n.DataAtom == atom.Span && !hasClass(n, "placeholder") {
			return false
		}
		if !simple(children(n)) {
			return false
		}
	}
	return true
}

// top converts the page's top-level nodes.
func (c *converter) top(nodes []*html.Node) {
	for _, n := range nodes {
		if n.Type != html.ElementNode {
			c.keep(n, "", "")
			continue
		}
		switch {
		case n.DataAtom == atom.Section && hasClass(n, "hero"):
			if s, ok := hero(n); ok {
				c.emit(s)
				continue
			}
		case n.DataAtom == atom.Section && hasClass(n, "cta"):
			if s, ok := cta(n); ok {
				c.emit(s)
				continue
			}
		case hasClass(n, "band") || n.DataAtom == atom.Section:
			if c.band(n) {
				continue
			}
		default:
			if c.part(n, "", "") {
				continue
			}
		}
		c.keep(n, "", "")
	}
}

// band converts a section.band: its div.wrap holds a sequence of parts. It reports false when the band's
// shape is not the vocabulary's (then the caller keeps it whole).
func (c *converter) band(n *html.Node) bool {
	background := ""
	if hasClass(n, "alt") {
		background = "alt"
	}
	els, ok := elementsOnly(n)
	if !ok || len(els) != 1 || !hasClass(els[0], "wrap") || len(otherAttrs(n, "class")) > 0 {
		return false
	}
	wrap := els[0]
	width := ""
	if hasClass(wrap, "narrow") {
		width = "narrow"
	}
	// The wrap is itself a split or contact layout.
	if hasClass(wrap, "split") || hasClass(wrap, "contact") {
		if c.part(wrap, background, width) {
			return true
		}
		return false
	}
	var h header
	lastQuotes := -1
	pendingHeader := func() {
		// A header with no part after it is ordinary text.
		for _, hn := range h.nodes {
			c.keep(hn, background, width)
		}
		h = header{}
	}
	for _, ch := range children(wrap) {
		if ch.Type != html.ElementNode {
			if ch.Type == html.TextNode && strings.TrimSpace(ch.Data) == "" || ch.Type == html.CommentNode {
				continue
			}
			pendingHeader()
			c.keep(ch, background, width)
			continue
		}
		if h.take(ch) {
			continue
		}
		if s, ok := structured(ch, &h); ok {
			if background != "" {
				if _, has := mustType(s.Type).Field("background"); has {
					s.Settings["background"] = background
				}
			}
			// Quotes one after the other are one testimonials section.
			if last := len(c.out) - 1; s.Type == "testimonials" && h.heading == "" && lastQuotes == last && last >= 0 && len(c.run) == 0 &&
				len(c.out[last].Blocks) < mustType("testimonials").MaxBlocks {
				c.out[last].Blocks = append(c.out[last].Blocks, s.Blocks...)
				h = header{}
				continue
			}
			h = header{}
			c.emit(s)
			if s.Type == "testimonials" {
				lastQuotes = len(c.out) - 1
			}
			continue
		}
		pendingHeader()
		if !c.part(ch, background, width) {
			c.keep(ch, background, width)
		}
	}
	pendingHeader()
	return true
}

// part converts a layout that stands on its own (split, prose, contact, or a list with no header).
func (c *converter) part(n *html.Node, background, width string) bool {
	var s Section
	var ok bool
	switch {
	case hasClass(n, "split"):
		s, ok = split(n)
	case hasClass(n, "contact"):
		s, ok = contact(n)
	case hasClass(n, "prose") && n.DataAtom == atom.Div:
		if kids := children(n); simple(kids) {
			s, ok = richtext(Sanitize(inner(n)), width, ""), true
		}
	default:
		var h header
		s, ok = structured(n, &h)
	}
	if !ok {
		return false
	}
	if background != "" {
		if _, has := mustType(s.Type).Field("background"); has {
			s.Settings["background"] = background
		}
	}
	c.emit(s)
	return true
}

func mustType(name string) Type {
	t, _ := Lookup(name)
	return t
}

// header is the eyebrow, heading and introduction written above a list.
type header struct {
	eyebrow, heading, intro string
	nodes                   []*html.Node
}

// take adds n to the header if it is one of its parts and the part is still free.
func (h *header) take(n *html.Node) bool {
	if !plainText(n) {
		return false
	}
	switch {
	case n.DataAtom == atom.P && hasClass(n, "eyebrow") && h.eyebrow == "" && h.heading == "" && h.intro == "":
		h.eyebrow = text(n)
	case n.DataAtom == atom.H2 && h.heading == "":
		h.heading = text(n)
	case n.DataAtom == atom.P && hasClass(n, "lede") && h.intro == "":
		h.intro = text(n)
	default:
		return false
	}
	h.nodes = append(h.nodes, n)
	return true
}

// apply puts the header into a section of type t, or reports false when t has no place for a part of it.
func (h header) apply(s Section) bool {
	t := mustType(s.Type)
	for name, v := range map[string]string{"eyebrow": h.eyebrow, "heading": h.heading, "intro": h.intro} {
		_, has := t.Field(name)
		if v == "" {
			if has {
				s.Settings[name] = ""
			}
			continue
		}
		if !has {
			return false
		}
		s.Settings[name] = v
	}
	return true
}

// structured converts a list of the vocabulary (features, cards, price list, posts, testimonial) with
// the header above it.
func structured(n *html.Node, h *header) (Section, bool) {
	var s Section
	var ok bool
	switch {
	case hasClass(n, "features"):
		s, ok = list(n, "features", "feature", feature)
	case hasClass(n, "cards"):
		s, ok = list(n, "cards", "card", card)
	case hasClass(n, "price-list") && (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol):
		s, ok = list(n, "price-list", "", priceItem)
	case hasClass(n, "posts"):
		s, ok = list(n, "posts", "post", post)
	case n.DataAtom == atom.Blockquote && hasClass(n, "testimonial"):
		s, _ = New("testimonials")
		var b Block
		b, ok = testimonial(n)
		s.Blocks = []Block{b}
	}
	if !ok || !h.apply(s) {
		return Section{}, false
	}
	return s, true
}

// list converts a container whose element children are all items of one kind.
func list(n *html.Node, typ, itemClass string, item func(*html.Node) (Block, bool)) (Section, bool) {
	s, _ := New(typ)
	s.Blocks = nil
	els, ok := elementsOnly(n)
	if !ok || len(otherAttrs(n, "class")) > 0 {
		return Section{}, false
	}
	for _, el := range els {
		if itemClass != "" && !hasClass(el, itemClass) {
			return Section{}, false
		}
		b, ok := item(el)
		if !ok {
			return Section{}, false
		}
		s.Blocks = append(s.Blocks, b)
	}
	if t := mustType(typ); len(s.Blocks) > t.MaxBlocks {
		return Section{}, false
	}
	if typ == "posts" {
		// Example articles: the section shows them until the blog has posts, and then as many posts.
		s.Settings["count"] = max(1, min(len(s.Blocks), 24))
	}
	return s, true
}

func block(typ string) Block {
	b, _ := NewBlock(typ)
	return b
}

func feature(n *html.Node) (Block, bool) {
	b := block("features")
	b.Settings["title"] = ""
	return b, fields(n, b.Settings, map[string]string{"h3": "title", "p": "text"})
}

func card(n *html.Node) (Block, bool) {
	b := block("cards")
	b.Settings["title"] = ""
	return b, fields(n, b.Settings, map[string]string{"art": "image", "h3": "title", "p": "text", "p.price": "price"})
}

func post(n *html.Node) (Block, bool) {
	b := block("posts")
	b.Settings["title"] = ""
	return b, fields(n, b.Settings, map[string]string{"art": "image", "p.meta": "meta", "h3": "title", "p": "text"})
}

func priceItem(n *html.Node) (Block, bool) {
	b := block("price-list")
	b.Settings["item"] = ""
	if n.DataAtom != atom.Li {
		return b, false
	}
	return b, fields(n, b.Settings, map[string]string{"span.item": "item", "span.note": "note", "span.price": "price"})
}

func testimonial(n *html.Node) (Block, bool) {
	b := block("testimonials")
	b.Settings["quote"] = ""
	if len(otherAttrs(n, "class")) > 0 {
		return b, false
	}
	var quote []string
	for _, sg := range segments(n) {
		el := sg.el
		switch {
		case sg.run != nil && b.Get("name") == "":
			// Stored pages lost the <footer> to the sanitiser: the name is left as loose text.
			b.Settings["name"] = runText(sg.run)
		case el == nil:
			return b, false
		case el.DataAtom == atom.P && plainText(el) && noAttrs(el):
			quote = append(quote, text(el))
		case el.DataAtom == atom.Footer && plainText(el) && b.Get("name") == "" && noAttrs(el):
			b.Settings["name"] = text(el)
		default:
			return b, false
		}
	}
	b.Settings["quote"] = strings.Join(quote, "\n")
	return b, len(quote) > 0
}

// segment is an element child, or a run of loose inline content (text, line breaks, placeholders) between
// element children.
type segment struct {
	el  *html.Node
	run []*html.Node
}

// segments splits n's children into elements and runs of loose text. A run of white space only is dropped.
func segments(n *html.Node) []segment {
	var out []segment
	var run []*html.Node
	end := func() {
		for _, r := range run {
			if r.Type != html.TextNode || strings.TrimSpace(r.Data) != "" {
				out = append(out, segment{run: run})
				break
			}
		}
		run = nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.CommentNode:
		case c.Type == html.TextNode, c.DataAtom == atom.Br, c.DataAtom == atom.Span:
			run = append(run, c)
		default:
			end()
			out = append(out, segment{el: c})
		}
	}
	end()
	return out
}

// runText is the text of a run, or "" if the run holds more than text, line breaks and placeholders.
func runText(run []*html.Node) string {
	holder := &html.Node{Type: html.ElementNode, DataAtom: atom.Address, Data: "address"}
	for _, r := range run {
		holder.AppendChild(cloneNode(r))
	}
	if !plainText(holder) {
		return ""
	}
	return lines(holder)
}

func cloneNode(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Attr: slices.Clone(n.Attr)}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.AppendChild(cloneNode(k))
	}
	return c
}

// fields fills settings from the element children of n, each matched by a key: "h3" (tag), "p.price" (tag
// and class), or "art" (a decorative illustration). Each key is used once; an element no key matches, or a
// key met twice, makes the item not understood.
func fields(n *html.Node, settings map[string]any, keys map[string]string) bool {
	els, ok := elementsOnly(n)
	if !ok || len(otherAttrs(n, "class")) > 0 {
		return false
	}
	used := make(map[string]bool)
	for _, el := range els {
		key := ""
		if art := artName(el); art != "" {
			if _, ok := keys["art"]; ok && !used["art"] && len(children(el)) == 0 {
				settings[keys["art"]] = art
				if alt := attr(el, "aria-label"); alt != "" {
					if _, has := settings["image_alt"]; has {
						settings["image_alt"] = alt
					} else {
						return false
					}
				}
				used["art"] = true
				continue
			}
			return false
		}
		classes := strings.Fields(attr(el, "class"))
		switch len(classes) {
		case 0:
			key = el.Data
		case 1:
			key = el.Data + "." + classes[0]
		default:
			return false
		}
		name, ok := keys[key]
		if !ok || used[key] || !plainText(el) || len(otherAttrs(el, "class")) > 0 {
			// A heading that is one link gives the item its link.
			if (el.Data == "h3") && !used[key] && keys[key] != "" {
				if l, t, ok := linkedText(el); ok {
					if _, has := settings["link"]; has {
						settings[keys[key]], settings["link"] = t, l
						used[key] = true
						continue
					}
				}
			}
			return false
		}
		settings[name] = text(el)
		used[key] = true
	}
	return true
}

// linkedText reads <h3><a href="/x">Title</a></h3>.
func linkedText(el *html.Node) (href, txt string, ok bool) {
	kids, ok := elementsOnly(el)
	if !ok || len(kids) != 1 || kids[0].DataAtom != atom.A || !plainText(kids[0]) {
		return "", "", false
	}
	a := kids[0]
	if len(otherAttrs(a, "href", "rel")) > 0 {
		return "", "", false
	}
	href = attr(a, "href")
	if checkLink(href) != "" {
		return "", "", false
	}
	return href, text(a), true
}

// hero converts section.hero > .wrap > (.hero-text, .hero-art).
func hero(n *html.Node) (Section, bool) {
	s, _ := New("hero")
	for k := range s.Settings {
		if k != "alignment" {
			s.Settings[k] = ""
		}
	}
	els, ok := elementsOnly(n)
	if !ok || len(els) != 1 || !hasClass(els[0], "wrap") || len(otherAttrs(n, "class")) > 0 || hasClass(n, "hero-small") {
		return s, false
	}
	parts, ok := elementsOnly(els[0])
	if !ok {
		return s, false
	}
	var textEl *html.Node
	sawText := false
	grid := false
	for _, p := range parts {
		grid = grid || hasClass(p, "hero-text") || artName(p) != ""
	}
	for _, p := range parts {
		if !grid {
			break
		}
		switch {
		case hasClass(p, "hero-text") && textEl == nil:
			textEl, sawText = p, true
		case artName(p) != "" && len(children(p)) == 0 && s.Get("image") == "":
			s.Settings["image"] = artName(p)
			s.Settings["image_alt"] = attr(p, "aria-label")
			if !sawText {
				s.Settings["alignment"] = "right"
			}
		default:
			return s, false
		}
	}
	if textEl == nil {
		// No .hero-text: the text stands in the wrap itself.
		textEl = els[0]
		if s.Get("image") != "" {
			return s, false
		}
		s.Settings["alignment"] = "center"
	}
	items, ok := elementsOnly(textEl)
	if !ok {
		return s, false
	}
	for _, it := range items {
		switch {
		case it.DataAtom == atom.P && hasClass(it, "eyebrow") && plainText(it) && s.Get("eyebrow") == "":
			s.Settings["eyebrow"] = text(it)
		case it.DataAtom == atom.H1 && plainText(it) && s.Get("heading") == "":
			s.Settings["heading"] = text(it)
		case it.DataAtom == atom.P && hasClass(it, "lede") && plainText(it) && s.Get("text") == "":
			s.Settings["text"] = text(it)
		case it.DataAtom == atom.P && hasClass(it, "actions") && s.Get("primary_label") == "":
			if !buttons(it, s.Settings) {
				return s, false
			}
		default:
			return s, false
		}
	}
	return s, s.Get("heading") != ""
}

// buttons reads p.actions > a.button, a.button.secondary.
func buttons(p *html.Node, settings map[string]any) bool {
	els, ok := elementsOnly(p)
	if !ok || len(els) == 0 || len(els) > 2 {
		return false
	}
	for i, a := range els {
		if a.DataAtom != atom.A || !hasClass(a, "button") || !plainText(a) || checkLink(attr(a, "href")) != "" {
			return false
		}
		which := "primary"
		if i == 1 || hasClass(a, "secondary") {
			which = "secondary"
		}
		if settings[which+"_label"] != "" {
			return false
		}
		settings[which+"_label"], settings[which+"_link"] = text(a), attr(a, "href")
	}
	return true
}

// cta converts section.cta > .wrap > h2, p, a.button.
func cta(n *html.Node) (Section, bool) {
	s, _ := New("cta")
	s.Settings["heading"] = ""
	els, ok := elementsOnly(n)
	if !ok || len(els) != 1 || !hasClass(els[0], "wrap") || len(otherAttrs(n, "class")) > 0 {
		return s, false
	}
	items, ok := elementsOnly(els[0])
	if !ok {
		return s, false
	}
	for _, it := range items {
		switch {
		case it.DataAtom == atom.H2 && plainText(it) && s.Get("heading") == "":
			s.Settings["heading"] = text(it)
		case it.DataAtom == atom.P && plainText(it) && noAttrs(it) && s.Get("text") == "":
			s.Settings["text"] = text(it)
		case it.DataAtom == atom.A && hasClass(it, "button") && plainText(it) && s.Get("button_label") == "" && checkLink(attr(it, "href")) == "":
			s.Settings["button_label"], s.Settings["button_link"] = text(it), attr(it, "href")
		default:
			return s, false
		}
	}
	return s, s.Get("heading") != ""
}

// split converts .split > .prose + .side-art into a picture with text.
func split(n *html.Node) (Section, bool) {
	s, _ := New("image-text")
	els, ok := elementsOnly(n)
	if !ok || len(els) != 2 {
		return s, false
	}
	var prose *html.Node
	for i, el := range els {
		switch {
		case hasClass(el, "prose") && prose == nil && simple(children(el)):
			prose = el
		case artName(el) != "" && len(children(el)) == 0 && s.Get("image") == "":
			s.Settings["image"] = artName(el)
			s.Settings["image_alt"] = attr(el, "aria-label")
			if i == 0 {
				s.Settings["image_side"] = "left"
			}
		default:
			return s, false
		}
	}
	if prose == nil || s.Get("image") == "" {
		return s, false
	}
	s.Settings["text"] = Sanitize(inner(prose))
	return s, true
}

// contact converts .contact > .contact-card (+ .contact-art).
func contact(n *html.Node) (Section, bool) {
	s, _ := New("contact")
	s.Blocks = nil
	for k := range s.Settings {
		if k != "background" {
			s.Settings[k] = ""
		}
	}
	els, ok := elementsOnly(n)
	if !ok {
		return s, false
	}
	var card *html.Node
	for _, el := range els {
		switch {
		case hasClass(el, "contact-card") && card == nil:
			card = el
		case artName(el) != "" && len(children(el)) == 0 && s.Get("image") == "":
			s.Settings["image"] = artName(el)
			s.Settings["image_alt"] = attr(el, "aria-label")
		default:
			return s, false
		}
	}
	if card == nil {
		return s, false
	}
	var texts []string
	for _, sg := range segments(card) {
		it := sg.el
		if sg.run != nil {
			// Stored pages lost the <address> element to the sanitiser: its lines are left as loose text.
			if t := runText(sg.run); t != "" && s.Get("address") == "" {
				s.Settings["address"] = t
				continue
			}
			return s, false
		}
		switch {
		case it.DataAtom == atom.H2 && plainText(it) && s.Get("heading") == "":
			s.Settings["heading"] = text(it)
		case it.DataAtom == atom.Address && s.Get("address") == "" && plainText(it):
			s.Settings["address"] = lines(it)
		case it.DataAtom == atom.Dl && hasClass(it, "hours") && s.Blocks == nil:
			if !hours(it, &s) {
				return s, false
			}
		case it.DataAtom == atom.P && hasClass(it, "email") && s.Get("email") == "":
			if !email(it, s.Settings) {
				return s, false
			}
		case it.DataAtom == atom.P && noAttrs(it) && plainText(it) && strings.HasPrefix(text(it), "Phone:") && s.Get("phone") == "":
			s.Settings["phone"] = strings.TrimSpace(strings.TrimPrefix(text(it), "Phone:"))
		case it.DataAtom == atom.P && noAttrs(it) && plainText(it):
			texts = append(texts, text(it))
		case it.DataAtom == atom.P && noAttrs(it) && s.Get("map_link") == "":
			if l, t, ok := linkedText(it); ok && strings.HasPrefix(l, "http") {
				s.Settings["map_link"] = l
				if t != "" && t != "Show on a map" {
					texts = append(texts, t)
				}
				continue
			}
			return s, false
		default:
			return s, false
		}
	}
	s.Settings["text"] = strings.Join(texts, "\n")
	return s, true
}

func hours(dl *html.Node, s *Section) bool {
	els, ok := elementsOnly(dl)
	if !ok || len(els)%2 != 0 {
		return false
	}
	for i := 0; i < len(els); i += 2 {
		dt, dd := els[i], els[i+1]
		if dt.DataAtom != atom.Dt || dd.DataAtom != atom.Dd || !plainText(dt) || !plainText(dd) {
			return false
		}
		b := block("contact")
		b.Settings["day"], b.Settings["hours"] = text(dt), text(dd)
		s.Blocks = append(s.Blocks, b)
	}
	return len(s.Blocks) > 0 && len(s.Blocks) <= mustType("contact").MaxBlocks
}

// email reads p.email: words, then an address as a mailto link or a placeholder.
func email(p *html.Node, settings map[string]any) bool {
	var label strings.Builder
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			if settings["email"] != "" && strings.TrimSpace(c.Data) != "" {
				return false
			}
			label.WriteString(c.Data)
		case c.DataAtom == atom.A && strings.HasPrefix(attr(c, "href"), "mailto:") && settings["email"] == "":
			addr := strings.TrimPrefix(attr(c, "href"), "mailto:")
			if text(c) != addr {
				return false
			}
			settings["email"] = addr
		case c.DataAtom == atom.Span && hasClass(c, "placeholder") && settings["email"] == "" && plainText(c):
			settings["email"] = text(c)
		default:
			return false
		}
	}
	settings["email_label"] = collapse(label.String())
	return settings["email"] != ""
}

// Helpers over the parsed tree.

func children(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, c)
	}
	return out
}

// elementsOnly returns n's element children, or false if n holds text of its own beside them.
func elementsOnly(n *html.Node) ([]*html.Node, bool) {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.ElementNode:
			out = append(out, c)
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return nil, false
			}
		case html.CommentNode:
		default:
			return nil, false
		}
	}
	return out, true
}

// plainText reports whether n holds only text, line breaks and placeholders: what a plain text field
// keeps.
func plainText(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode, c.Type == html.CommentNode:
		case c.Type == html.ElementNode && c.DataAtom == atom.Br && n.DataAtom == atom.Address:
		case c.Type == html.ElementNode && c.DataAtom == atom.Span && attr(c, "class") == "placeholder" && len(c.Attr) == 1 && plainText(c):
		default:
			return false
		}
	}
	return true
}

// text is n's text with white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
			walk(c)
		}
	}
	walk(n)
	return collapse(b.String())
}

// lines is n's text with each <br> a line break.
func lines(n *html.Node) string {
	var out []string
	var cur strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				cur.WriteString(c.Data)
			case c.DataAtom == atom.Br:
				out = append(out, collapse(cur.String()))
				cur.Reset()
			}
			walk(c)
		}
	}
	walk(n)
	out = append(out, collapse(cur.String()))
	out = slices.DeleteFunc(out, func(s string) bool { return s == "" })
	return strings.Join(out, "\n")
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func inner(n *html.Node) string {
	var b bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		_ = html.Render(&b, c)
	}
	return strings.TrimSpace(b.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// otherAttrs lists n's attributes other than those named.
func otherAttrs(n *html.Node, allowed ...string) []string {
	var out []string
	for _, a := range n.Attr {
		if !slices.Contains(allowed, a.Key) {
			out = append(out, a.Key)
		}
	}
	return out
}

func noAttrs(n *html.Node) bool { return len(n.Attr) == 0 }

func hasClass(n *html.Node, class string) bool {
	if n.Type != html.ElementNode {
		return false
	}
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

// artName returns "art-a" for a decorative illustration element such as
// <div class="card-art art art-a" role="img" aria-label="…"></div>, or "".
func artName(n *html.Node) string {
	if n.Type != html.ElementNode || n.DataAtom != atom.Div || !hasClass(n, "art") {
		return ""
	}
	if len(otherAttrs(n, "class", "role", "aria-label")) > 0 {
		return ""
	}
	name := ""
	for _, cl := range strings.Fields(attr(n, "class")) {
		switch {
		case artPattern.MatchString(cl) && name == "":
			name = cl
		case cl == "art", cl == "card-art", cl == "hero-art", cl == "side-art", cl == "contact-art":
		default:
			return ""
		}
	}
	return name
}
