package signup

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/plans"
)

// demoProduct is one product of the demo shop and how its picture looks.
type demoProduct struct {
	category string
	in       catalog.ProductInput
	art      artKind
	colour   color.NRGBA
}

type artKind int

const (
	artLoaf artKind = iota
	artRound
	artCrescent
	artBag
	artCup
)

// The bakery design's palette.
var (
	cream  = color.NRGBA{0xfb, 0xf4, 0xea, 0xff}
	butter = color.NRGBA{0xf4, 0xd9, 0xa6, 0xff}
	crust  = color.NRGBA{0xb4, 0x55, 0x2b, 0xff}
	dark   = color.NRGBA{0x8c, 0x3d, 0x1b, 0xff}
	ink    = color.NRGBA{0x3a, 0x27, 0x18, 0xff}
	line   = color.NRGBA{0xec, 0xdc, 0xc6, 0xff}
)

func sizes(name string, values []string, prices []int64, sku string) ([]catalog.Option, []catalog.VariantInput) {
	var vs []catalog.VariantInput
	for i, v := range values {
		vs = append(vs, catalog.VariantInput{OptionValues: []string{v}, Price: prices[i], SKU: fmt.Sprintf("%s-%d", sku, i+1),
			TrackStock: true, Stock: 12 + 4*i, LowStockThreshold: 3})
	}
	return []catalog.Option{{Name: name, Values: values}}, vs
}

func grindWeight(base, kilo int64, sku string) ([]catalog.Option, []catalog.VariantInput) {
	grinds, weights := []string{"Whole bean", "Espresso", "Filter"}, []string{"250 g", "1 kg"}
	var vs []catalog.VariantInput
	for i, g := range grinds {
		for j, w := range weights {
			price := base
			if j == 1 {
				price = kilo
			}
			vs = append(vs, catalog.VariantInput{OptionValues: []string{g, w}, Price: price,
				SKU: fmt.Sprintf("%s-%c%d", sku, g[0], j+1), TrackStock: true, Stock: 20 - 5*i - 3*j, LowStockThreshold: 5})
		}
	}
	return []catalog.Option{{Name: "Grind", Values: grinds}, {Name: "Weight", Values: weights}}, vs
}

// demoProducts is the demo shop: twelve products in three categories,
// prices in minor units of the shop's currency.
func demoProducts(currency string) []demoProduct {
	p := func(title, desc string, price int64, sku string) catalog.ProductInput {
		return catalog.ProductInput{Title: title, Description: "<p>" + desc + "</p>", Price: price, SKU: sku,
			Currency: currency, Status: catalog.StatusActive}
	}
	with := func(in catalog.ProductInput, o []catalog.Option, v []catalog.VariantInput) catalog.ProductInput {
		in.Options, in.Variants, in.SKU = o, v, ""
		return in
	}
	loaf := func(title, desc, sku string, small, big int64) catalog.ProductInput {
		o, v := sizes("Size", []string{"500 g", "1 kg"}, []int64{small, big}, sku)
		return with(p(title, desc, small, sku), o, v)
	}
	coffee := func(title, desc, sku string, base, kilo int64) catalog.ProductInput {
		o, v := grindWeight(base, kilo, sku)
		return with(p(title, desc, base, sku), o, v)
	}
	bun := p("Cinnamon bun", "Soft, buttery and rolled with cinnamon sugar; best warm.", 260, "BUN")
	o, v := sizes("Pack", []string{"1 bun", "4 buns"}, []int64{260, 950}, "BUN")
	bun = with(bun, o, v)
	tart := p("Apple tart", "Thin slices of apple on almond cream, glazed with apricot.", 350, "TART")
	o, v = sizes("Size", []string{"Slice", "Whole (8 slices)"}, []int64{350, 2400}, "TART")
	tart = with(tart, o, v)
	decaf := p("Decaf", "Swiss-water decaffeinated beans with a cocoa finish.", 850, "DECAF")
	o, v = sizes("Weight", []string{"250 g", "1 kg"}, []int64{850, 2890}, "DECAF")
	decaf = with(decaf, o, v)
	drip := p("Drip bags", "Single-serve filter bags of the house blend, for the office or the road.", 600, "DRIP")
	o, v = sizes("Box", []string{"5 bags", "10 bags"}, []int64{600, 1100}, "DRIP")
	drip = with(drip, o, v)
	baguette := p("Baguette", "Crisp crust, open crumb, baked three times a day.", 250, "BAG")
	baguette.EAN = "4006381333931"
	croissant := p("Butter croissant", "Laminated with French butter over three days.", 180, "CRO")
	pain := p("Pain au chocolat", "Croissant dough around two bars of dark chocolate.", 210, "PAC")
	return []demoProduct{
		{"Bread", loaf("Sourdough loaf", "Our daily loaf: wild yeast, 36 hours, a dark crackling crust.", "SOUR", 450, 750), artLoaf, crust},
		{"Bread", loaf("Rye bread", "Dense, moist and tangy, with whole rye and caraway.", "RYE", 420, 720), artRound, dark},
		{"Bread", baguette, artLoaf, color.NRGBA{0xd8, 0x9a, 0x4e, 0xff}},
		{"Bread", loaf("Seeded spelt loaf", "Spelt flour with sunflower, flax and pumpkin seeds.", "SPELT", 480, 820), artRound, color.NRGBA{0xa8, 0x6a, 0x3a, 0xff}},
		{"Pastries", croissant, artCrescent, color.NRGBA{0xe0, 0xa2, 0x4a, 0xff}},
		{"Pastries", pain, artLoaf, color.NRGBA{0xc9, 0x84, 0x3f, 0xff}},
		{"Pastries", bun, artRound, color.NRGBA{0xc0, 0x70, 0x3c, 0xff}},
		{"Pastries", tart, artRound, color.NRGBA{0xe6, 0xb8, 0x5c, 0xff}},
		{"Coffee", coffee("House blend", "Chocolate and hazelnut: our espresso, good in milk.", "HOUSE", 890, 2990), artBag, crust},
		{"Coffee", coffee("Ethiopia Yirgacheffe", "Washed single origin with jasmine and lemon notes.", "ETH", 1090, 3590), artBag, color.NRGBA{0x5e, 0x7d, 0x4f, 0xff}},
		{"Coffee", decaf, artBag, ink},
		{"Coffee", drip, artCup, dark},
	}
}

// seedDemoShop fills the demo site with its shop, unless it has products
// or categories already (so a second start adds nothing).
func (s *Service) seedDemoShop(ctx context.Context, siteID int64, currency string) error {
	if s.Catalog == nil || s.Media == nil {
		return nil
	}
	n, err := s.Catalog.ProductCount(ctx, siteID)
	if err != nil {
		return err
	}
	tree, err := s.Catalog.CategoryTree(ctx, siteID)
	if err != nil {
		return err
	}
	if n > 0 || len(tree) > 0 {
		return nil
	}
	plan := plans.MustGet(plans.Business)
	cats := map[string]int64{}
	for _, title := range []string{"Bread", "Pastries", "Coffee"} {
		c, err := s.Catalog.CreateCategory(ctx, siteID, catalog.CategoryInput{Title: title})
		if err != nil {
			return fmt.Errorf("demo category %q: %w", title, err)
		}
		cats[title] = c.ID
	}
	for i, d := range demoProducts(currency) {
		pic, err := drawProduct(d.art, d.colour, i)
		if err != nil {
			return err
		}
		up, err := s.Media.Upload(ctx, siteID, plan, fmt.Sprintf("demo-%d.png", i+1), bytes.NewReader(pic))
		if err != nil {
			return fmt.Errorf("demo picture of %q: %w", d.in.Title, err)
		}
		in := d.in
		in.Images = []catalog.ImageInput{{MediaID: up.Media.ID, Alt: d.in.Title}}
		in.CategoryIDs = []int64{cats[d.category]}
		if _, err := s.Catalog.CreateProduct(ctx, siteID, plan, in); err != nil {
			return fmt.Errorf("demo product %q: %w", d.in.Title, err)
		}
	}
	return nil
}

// drawProduct paints a simple picture of a product in the bakery palette:
// a plate on a cream table and the product's shape on it.
func drawProduct(art artKind, c color.NRGBA, seed int) ([]byte, error) {
	const w, h = 800, 600
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	shade := func(c color.NRGBA, f float64) color.NRGBA {
		return color.NRGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), 0xff}
	}
	for y := range h {
		for x := range w {
			px := cream
			if (x/40+y/40+seed)%2 == 0 {
				px = color.NRGBA{0xf7, 0xed, 0xdf, 0xff}
			}
			if y > h*2/3 {
				px = line
			}
			// The plate.
			if ellipse(x, y, w/2, h/2+60, 330, 150) <= 1 {
				px = butter
				if ellipse(x, y, w/2, h/2+60, 300, 130) <= 1 {
					px = color.NRGBA{0xff, 0xfa, 0xf2, 0xff}
				}
			}
			if in, f := shape(art, x, y, w, h); in {
				px = shade(c, 0.75+0.25*f)
			}
			img.SetNRGBA(x, y, px)
		}
	}
	// Score marks on bread and a label on bags.
	for i := range 3 {
		for t := -40; t <= 40; t++ {
			switch art {
			case artLoaf:
				x, y := w/2-90+i*90+t/2, h/2+t
				for d := -3; d <= 3; d++ {
					img.SetNRGBA(x+d, y, butter)
				}
			case artBag:
				for x := w/2 - 80; x < w/2+80; x++ {
					img.SetNRGBA(x, h/2+i*22+t/40, cream)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("draw demo picture: %w", err)
	}
	return buf.Bytes(), nil
}

func ellipse(x, y, cx, cy, rx, ry int) float64 {
	dx, dy := float64(x-cx)/float64(rx), float64(y-cy)/float64(ry)
	return dx*dx + dy*dy
}

// shape reports whether (x, y) is on the product, and a light factor 0–1.
func shape(art artKind, x, y, w, h int) (bool, float64) {
	cx, cy := w/2, h/2+10
	light := func(d float64) float64 { return math.Max(0, 1-d) }
	switch art {
	case artLoaf:
		d := ellipse(x, y, cx, cy, 240, 110)
		return d <= 1, light(ellipse(x, y, cx-60, cy-40, 240, 110))
	case artRound:
		d := ellipse(x, y, cx, cy, 170, 140)
		return d <= 1, light(ellipse(x, y, cx-50, cy-50, 170, 140))
	case artCrescent:
		d := ellipse(x, y, cx, cy+20, 220, 120)
		hole := ellipse(x, y, cx, cy+110, 150, 90)
		return d <= 1 && hole > 1, light(ellipse(x, y, cx-40, cy-20, 220, 120))
	case artBag:
		in := x > cx-130 && x < cx+130 && y > cy-190 && y < cy+130
		return in, 0.4 + 0.6*float64(x-(cx-130))/260
	case artCup:
		body := x > cx-110 && x < cx+110 && y > cy-80 && y < cy+110
		handle := ellipse(x, y, cx+130, cy+10, 50, 50) <= 1 && ellipse(x, y, cx+130, cy+10, 28, 28) > 1
		return body || handle, 0.7
	}
	return false, 0
}
