package ui

import (
	"reflect"
	"testing"
)

// The wide bar keeps ungrouped links in their own places and gathers each
// group's links into one menu where its first link stands, marked current
// when one of its links is the page shown.
func TestNavGroups(t *testing.T) {
	p := Page{Nav: []NavLink{
		{Label: "Dashboard", URL: "/admin"},
		{Label: "Media", URL: "/admin/media", Group: "Site", Current: true},
		{Label: "Orders", URL: "/admin/orders"},
		{Label: "Menus", URL: "/admin/menus", Group: "Site"},
		{Label: "Plan", URL: "/admin/plans", Group: "Settings"},
	}}
	var got []string
	for _, g := range p.NavGroups() {
		label := g.Label
		if label == "" {
			label = g.Links[0].Label
		}
		if g.Current {
			label += "*"
		}
		for _, l := range g.Links {
			label += " " + l.URL
		}
		got = append(got, label)
	}
	want := []string{"Dashboard /admin", "Site* /admin/media /admin/menus", "Orders /admin/orders", "Settings /admin/plans"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("groups:\n%q\nwant\n%q", got, want)
	}
	if g := (Page{}).NavGroups(); g != nil {
		t.Fatalf("no links: %v", g)
	}
}
