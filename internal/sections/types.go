package sections

// The schemas of every section type. Field names are stable identifiers stored in every page: add fields,
// never rename one.

// Shared fields, so that the same setting has the same name, label and limits in every type.
var (
	fEyebrow = Field{Name: "eyebrow", Label: "Small text above the heading", Kind: Text, Max: 120}
	fHeading = Field{Name: "heading", Label: "Heading", Kind: Text, Max: 160}
	fIntro   = Field{Name: "intro", Label: "Introduction", Help: "A short paragraph under the heading.", Kind: Textarea, Max: 600}
	fBand    = Field{Name: "background", Label: "Background", Kind: Select, Default: "plain",
		Options: []Option{{"plain", "Plain"}, {"alt", "Tinted"}}}
	fImageAlt = Field{Name: "image_alt", Label: "Image description", Help: "For people who cannot see the picture; empty uses the media library's description.", Kind: Text, Max: 250}
)

func heading(label string, required bool, def string) Field {
	f := fHeading
	f.Label, f.Required, f.Default = label, required, def
	return f
}

func count(def, max int) Field {
	return Field{Name: "count", Label: "How many to show", Kind: Number, Min: 1, Max: max, Default: def}
}

var registry = []Type{
	{
		Name: "hero", Title: "Hero banner", Thumbnail: "hero.svg",
		Description: "A big heading at the top of a page with a short text, buttons and a picture.",
		Fields: []Field{
			fEyebrow,
			heading("Heading", true, "A heading that says what you do"),
			{Name: "text", Label: "Text", Kind: Textarea, Max: 600},
			{Name: "image", Label: "Picture", Kind: Image},
			fImageAlt,
			{Name: "primary_label", Label: "Button text", Kind: Text, Max: 60},
			{Name: "primary_link", Label: "Button link", Kind: Link},
			{Name: "secondary_label", Label: "Second button text", Kind: Text, Max: 60},
			{Name: "secondary_link", Label: "Second button link", Kind: Link},
			{Name: "alignment", Label: "Text position", Kind: Align, Default: "left",
				Options: []Option{{"left", "Text left, picture right"}, {"right", "Picture left, text right"}, {"center", "Centred"}}},
		},
	},
	{
		Name: "richtext", Title: "Text", Thumbnail: "richtext.svg",
		Description: "Paragraphs, headings, lists and links.",
		Fields: []Field{
			{Name: "text", Label: "Text", Kind: RichText, Max: 60000},
			{Name: "width", Label: "Width", Kind: Select, Default: "normal",
				Options: []Option{{"normal", "Normal"}, {"narrow", "Narrow, for reading"}}},
			fBand,
		},
	},
	{
		Name: "image-text", Title: "Picture with text", Thumbnail: "image-text.svg",
		Description: "A picture next to a heading and text.",
		Fields: []Field{
			{Name: "image", Label: "Picture", Kind: Image},
			fImageAlt,
			heading("Heading", false, ""),
			{Name: "text", Label: "Text", Kind: RichText, Max: 20000},
			{Name: "image_side", Label: "Picture side", Kind: Align, Default: "right",
				Options: []Option{{"right", "Right"}, {"left", "Left"}}},
			fBand,
		},
	},
	{
		Name: "gallery", Title: "Gallery", Thumbnail: "gallery.svg",
		Description: "A grid of pictures with captions.",
		Fields:      []Field{heading("Heading", false, ""), fBand},
		Block: &BlockType{Name: "picture", Title: "Picture", Fields: []Field{
			{Name: "image", Label: "Picture", Kind: Image},
			fImageAlt,
			{Name: "caption", Label: "Caption", Kind: Text, Max: 200},
		}},
		MaxBlocks: 24, DefaultBlocks: 3,
	},
	{
		Name: "features", Title: "Features", Thumbnail: "features.svg",
		Description: "A few short points side by side: what you offer, how you work.",
		Fields:      []Field{fEyebrow, heading("Heading", false, "Why people choose us"), fIntro, fBand},
		Block: &BlockType{Name: "feature", Title: "Point", Fields: []Field{
			{Name: "title", Label: "Title", Kind: Text, Max: 120, Required: true, Default: "A short point"},
			{Name: "text", Label: "Text", Kind: Textarea, Max: 600},
		}},
		MaxBlocks: 12, DefaultBlocks: 3,
	},
	{
		Name: "cards", Title: "Cards", Thumbnail: "cards.svg",
		Description: "Cards with a picture, a title, a text and a price or a label.",
		Fields:      []Field{fEyebrow, heading("Heading", false, ""), fIntro, fBand},
		Block: &BlockType{Name: "card", Title: "Card", Fields: []Field{
			{Name: "image", Label: "Picture", Kind: Image},
			fImageAlt,
			{Name: "title", Label: "Title", Kind: Text, Max: 120, Required: true, Default: "A card"},
			{Name: "text", Label: "Text", Kind: Textarea, Max: 600},
			{Name: "price", Label: "Price or label", Kind: Text, Max: 80},
			{Name: "link", Label: "Link", Kind: Link},
		}},
		MaxBlocks: 24, DefaultBlocks: 3,
	},
	{
		Name: "price-list", Title: "Price list", Thumbnail: "price-list.svg",
		Description: "A menu or a list of services with prices.",
		Fields:      []Field{fEyebrow, heading("Heading", false, "Prices"), fIntro, fBand},
		Block: &BlockType{Name: "item", Title: "Item", Fields: []Field{
			{Name: "item", Label: "Item", Kind: Text, Max: 120, Required: true, Default: "An item"},
			{Name: "note", Label: "Note", Kind: Text, Max: 200},
			{Name: "price", Label: "Price", Kind: Text, Max: 40},
		}},
		MaxBlocks: 60, DefaultBlocks: 3,
	},
	{
		Name: "testimonials", Title: "Testimonials", Thumbnail: "testimonials.svg",
		Description: "What customers say about you, in their words.",
		Fields:      []Field{heading("Heading", false, ""), fBand},
		Block: &BlockType{Name: "quote", Title: "Quote", Fields: []Field{
			{Name: "quote", Label: "Quote", Kind: Textarea, Max: 1000, Required: true, Default: "[What a real customer said about you, in their words]"},
			{Name: "name", Label: "Name", Kind: Text, Max: 120},
		}},
		MaxBlocks: 12, DefaultBlocks: 1,
	},
	{
		Name: "cta", Title: "Call to action", Thumbnail: "cta.svg",
		Description: "A heading, a sentence and one button that asks visitors to act.",
		Fields: []Field{
			heading("Heading", true, "Ready when you are"),
			{Name: "text", Label: "Text", Kind: Textarea, Max: 600},
			{Name: "button_label", Label: "Button text", Kind: Text, Max: 60},
			{Name: "button_link", Label: "Button link", Kind: Link},
		},
	},
	{
		Name: "contact", Title: "Contact details", Thumbnail: "contact.svg",
		Description: "Your address, phone, e-mail, opening hours and a map link.",
		Fields: []Field{
			heading("Heading", false, "Visit us"),
			{Name: "text", Label: "Text", Kind: Textarea, Max: 600},
			{Name: "address", Label: "Address", Kind: Textarea, Max: 400},
			{Name: "phone", Label: "Phone", Kind: Text, Max: 60},
			{Name: "email", Label: "E-mail", Kind: Text, Max: 254},
			{Name: "email_label", Label: "Words before the e-mail address", Kind: Text, Max: 80},
			{Name: "map_link", Label: "Map link", Help: "The address of your place on a map site (https://…).", Kind: Link},
			{Name: "image", Label: "Picture", Kind: Image},
			fImageAlt,
			fBand,
		},
		Block: &BlockType{Name: "hours", Title: "Opening hours", Fields: []Field{
			{Name: "day", Label: "Days", Kind: Text, Max: 80, Required: true, Default: "Monday to Friday"},
			{Name: "hours", Label: "Hours", Kind: Text, Max: 80, Default: "9:00–18:00"},
		}},
		MaxBlocks: 14, DefaultBlocks: 2,
	},
	{
		Name: "posts", Title: "Blog posts", Thumbnail: "posts.svg",
		Description: "The latest posts of your blog; until the first is published, the example posts are shown.",
		Fields:      []Field{heading("Heading", false, "Latest posts"), fIntro, count(3, 24), fBand},
		// Blocks are shown while the blog has no posts: starter pages list example articles this way.
		Block: &BlockType{Name: "post", Title: "Example post", Fields: []Field{
			{Name: "image", Label: "Picture", Kind: Image},
			{Name: "meta", Label: "Small text above the title", Kind: Text, Max: 120},
			{Name: "title", Label: "Title", Kind: Text, Max: 160, Required: true, Default: "A post"},
			{Name: "text", Label: "Text", Kind: Textarea, Max: 600},
			{Name: "link", Label: "Link", Kind: Link},
		}},
		MaxBlocks: 24,
	},
	{
		Name: "featured-products", Title: "Featured products", Thumbnail: "featured-products.svg",
		Description: "A few products from your shop.",
		Fields: []Field{
			heading("Heading", false, "Featured products"),
			count(4, 24),
			{Name: "category", Label: "Category", Help: "The slug of a category; empty shows the newest products.", Kind: Text, Max: 100},
			fBand,
		},
	},
	{
		Name: "product-grid", Title: "Product grid", Thumbnail: "product-grid.svg",
		Description: "The products of a category in a grid.",
		Fields: []Field{
			heading("Heading", false, "Shop"),
			{Name: "category", Label: "Category", Help: "The slug of a category; empty shows every product.", Kind: Text, Max: 100},
			count(12, 48),
			fBand,
		},
	},
	{
		Name: "form", Title: "Contact form", Thumbnail: "form.svg",
		Description: "One of your forms, for visitors to write to you.",
		Fields: []Field{
			heading("Heading", false, "Write to us"),
			fIntro,
			{Name: "form", Label: "Form", Kind: Form, Help: "Build forms under Forms."},
			fBand,
		},
	},
	{
		Name: "newsletter", Title: "Newsletter sign-up", Thumbnail: "newsletter.svg",
		Description: "Invite visitors to leave their e-mail address.",
		Fields: []Field{
			heading("Heading", false, "Stay in touch"),
			{Name: "text", Label: "Text", Kind: Textarea, Max: 600},
			{Name: "button_label", Label: "Button text", Help: "Used when no form is chosen: the button writes you an e-mail.", Kind: Text, Max: 60, Default: "Sign up"},
			{Name: "form", Label: "Form that receives the addresses", Help: "A form with an e-mail field; without one the section shows how to reach you instead.", Kind: Form},
			fBand,
		},
	},
	{
		Name: "html", Title: "Custom HTML", Thumbnail: "html.svg", Premium: true,
		Description: "Your own HTML, cleaned of scripts and styles.",
		Fields:      []Field{{Name: "html", Label: "HTML", Kind: HTML, Max: 60000}},
	},
}

var byName = func() map[string]int {
	m := make(map[string]int, len(registry))
	for i, t := range registry {
		m[t.Name] = i
	}
	return m
}()
