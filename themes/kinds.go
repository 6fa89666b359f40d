package themes

import (
	"slices"
	"strings"
)

// kindOrder is the order in which galleries show the kinds of site: selling first, since most people who
// sign up come to sell, then the kinds that present a business, a person or their writing.
var kindOrder = []string{"store", "site", "portfolio", "blog"}

// kindTitles names each kind of site for people choosing a design.
var kindTitles = map[string]string{
	"store":     "Online stores",
	"site":      "Websites for a business or a person",
	"portfolio": "Portfolios",
	"blog":      "Blogs and magazines",
}

// kindLabels name one design's kind, as a tag on its card.
var kindLabels = map[string]string{
	"store":     "Online store",
	"site":      "Business or personal site",
	"portfolio": "Portfolio",
	"blog":      "Blog",
}

// KindGroup is the designs made for one kind of site, for a gallery grouped by kind.
type KindGroup struct {
	Kind    string  // "store", "site" …
	Title   string  // "Online stores"
	Designs []Theme // sorted by name
}

// KindTitle names the kind of site the design is made for, as a gallery heading does.
func (t Theme) KindTitle() string {
	if title, ok := kindTitles[t.Kind]; ok {
		return title
	}
	if t.Kind == "" {
		return ""
	}
	// A kind without a name of its own reads as itself, capitalised, rather than disappearing.
	return strings.ToUpper(t.Kind[:1]) + t.Kind[1:]
}

// KindLabel names the kind of site the design is made for, as a tag on one design's card.
func (t Theme) KindLabel() string {
	if label, ok := kindLabels[t.Kind]; ok {
		return label
	}
	return t.KindTitle()
}

// Groups returns every design grouped by the kind of site it is made for: the known kinds in kindOrder,
// then any other kind by name. Within a group the designs keep List's order.
func (s *Set) Groups() []KindGroup {
	var groups []KindGroup
	index := make(map[string]int)
	for _, t := range s.themes {
		i, ok := index[t.Kind]
		if !ok {
			i = len(groups)
			index[t.Kind] = i
			groups = append(groups, KindGroup{Kind: t.Kind, Title: t.KindTitle()})
		}
		groups[i].Designs = append(groups[i].Designs, t)
	}
	rank := func(kind string) int {
		if i := slices.Index(kindOrder, kind); i >= 0 {
			return i
		}
		return len(kindOrder)
	}
	slices.SortStableFunc(groups, func(a, b KindGroup) int {
		if ra, rb := rank(a.Kind), rank(b.Kind); ra != rb {
			return ra - rb
		}
		return strings.Compare(a.Kind, b.Kind)
	})
	return groups
}
