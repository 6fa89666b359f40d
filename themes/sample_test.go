package themes

// sampleSite returns a believable site for each design, used by the screenshots and the render tests so a
// person looking at a thumbnail sees the design as a real owner would fill it in.
func sampleSite(name string) SiteView {
	switch name {
	case "bakery":
		return SiteView{Name: "crumb", Title: "Crumb & Co.", Tagline: "A neighbourhood bakery", Language: "en", PublicEmail: "hello@crumb.example"}
	case "studio":
		return SiteView{Name: "northlight", Title: "Northlight", Tagline: "Design and brand studio", Language: "en", PublicEmail: "studio@northlight.example"}
	case "boutique":
		return SiteView{Name: "maison-ivy", Title: "Maison Ivy", Tagline: "Clothing and accessories in natural fabrics", Language: "en", PublicEmail: "hello@maisonivy.example"}
	case "cafe":
		return SiteView{Name: "little-fig", Title: "The Little Fig", Tagline: "Café and kitchen", Language: "en", PublicEmail: "table@littlefig.example"}
	case "atelier":
		return SiteView{Name: "clay-and-thread", Title: "Clay & Thread", Tagline: "Handmade ceramics and textiles", Language: "en", PublicEmail: "studio@claythread.example"}
	case "services":
		return SiteView{Name: "brightwater", Title: "Brightwater Plumbing", Tagline: "Plumbing and heating, done properly", Language: "en", PublicEmail: "jobs@brightwater.example"}
	case "profile":
		return SiteView{Name: "sam-lindqvist", Title: "Sam Lindqvist", Tagline: "Product designer", Language: "en", PublicEmail: "sam@lindqvist.example"}
	case "journal":
		return SiteView{Name: "slow-review", Title: "The Slow Review", Tagline: "Essays on craft, cities and the long view", Language: "en", PublicEmail: "editor@slowreview.example"}
	}
	return SiteView{Name: name, Title: "Example site", Tagline: "A site made with Pagecart", PublicEmail: "hello@example.com"}
}

// sampleStarter is the data the sample site's starter pages are written with.
func sampleStarter(name string) StarterData {
	s := sampleSite(name)
	return StarterData{Title: s.Title, Language: s.Language, Currency: "EUR", PublicEmail: s.PublicEmail}
}

// sampleView is the view of one starter page of a design, with the design's starter pages as the nav.
func sampleView(set *Set, name, slug string) PageView {
	v := PageView{
		Site:        sampleSite(name),
		AssetBase:   "/assets/theme/" + name + "/",
		Branding:    true,
		PlatformURL: "https://pagecart.example/",
		Year:        2025,
	}
	for _, p := range set.StarterPages(name, sampleStarter(name)) {
		url := "/" + p.Slug
		if p.InNav {
			v.Nav = append(v.Nav, NavItem{Title: p.Title, URL: url, Current: p.Slug == slug})
		}
		if p.Slug == slug {
			v.Page = PageContent{Slug: p.Slug, Title: p.Title, Body: p.Body, IsHome: p.Slug == ""}
		}
	}
	return v
}
