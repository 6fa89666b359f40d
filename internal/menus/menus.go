// Package menus owns a site's two menus, the header's and the footer's: the
// links their owner puts in them, in order, nested one level.
//
// A menu the owner never edited has no rows: it is the default, the pages
// marked for the navigation in their order, as sites had before menus
// existed. The first edit writes that default down and changes it, so
// nothing moves on a site until its owner edits a menu.
package menus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// The two menus of a site.
const (
	Header = "header"
	Footer = "footer"
)

// Names lists the menus in the order the admin shows them.
var Names = []string{Header, Footer}

// Kind is what an item links to.
type Kind string

// The kinds of link. A page, post, category or product is stored by its ID
// and its address looked up when the menu is drawn, so renaming it keeps
// the link and deleting it drops the item.
const (
	KindPage     Kind = "page"
	KindPost     Kind = "post"
	KindCategory Kind = "category"
	KindProduct  Kind = "product"
	KindURL      Kind = "url"
)

// ErrNotFound is returned for an item that is not in the site's menu.
var ErrNotFound = fmt.Errorf("menu item: %w", fault.ErrNotFound)

// MaxItems bounds a menu, so that a header stays a header.
const MaxItems = 60

// Item is one stored link of a menu.
type Item struct {
	ID       int64
	ParentID int64 // 0 at the top
	Position int
	Label    string
	Kind     Kind
	TargetID int64  // the page, post, category or product; 0 for a URL
	URL      string // for KindURL
	// Depth is 0 for a top-level item and 1 for a nested one.
	Depth int
}

// Input is a new link.
type Input struct {
	Label    string
	Kind     Kind
	TargetID int64
	URL      string
}

// Store reads and writes menus.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewStore returns a Store on db.
func NewStore(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// Defaults is what a menu the owner never edited shows: the pages marked for
// the navigation, in their order, the blog when it has posts to read, and
// the shop when it has products.
func Defaults(all []pages.Page, blog, shop bool) []Item {
	var out []Item
	for _, p := range all {
		if p.InNav {
			out = append(out, Item{Label: p.Title, Kind: KindPage, TargetID: p.ID})
		}
	}
	if blog {
		out = append(out, Item{Label: "Blog", Kind: KindURL, URL: "/blog"})
	}
	if shop {
		out = append(out, Item{Label: "Shop", Kind: KindURL, URL: "/products"})
	}
	for i := range out {
		// Until the menu is written down its items have no IDs; the admin
		// names them by place, -1 for the first, which Apply understands.
		out[i].ID, out[i].Position = -int64(i+1), i+1
	}
	return out
}

func validMenu(menu string) error {
	if menu != Header && menu != Footer {
		return fmt.Errorf("menu %q: %w", menu, fault.ErrNotFound)
	}
	return nil
}

// Items returns the stored items of a menu in reading order (each top-level
// item followed by its nested ones) and whether the owner has edited the
// menu; when not, the caller shows Defaults.
func (s *Store) Items(ctx context.Context, siteID int64, menu string) ([]Item, bool, error) {
	if err := validMenu(menu); err != nil {
		return nil, false, err
	}
	return items(ctx, s.db, siteID, menu)
}

type querier interface {
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

func items(ctx context.Context, q querier, siteID int64, menu string) ([]Item, bool, error) {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM menus WHERE site_id = ? AND menu = ?`, siteID, menu).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("menu %s of site %d: %w", menu, siteID, err)
	}
	rows, err := q.Query(ctx, `SELECT id, parent_id, position, label, kind, target_id, url FROM menu_items
		WHERE site_id = ? AND menu = ? ORDER BY position, id`, siteID, menu)
	if err != nil {
		return nil, false, fmt.Errorf("menu items: %w", err)
	}
	defer rows.Close()
	var all []Item
	for rows.Next() {
		var it Item
		var kind string
		if err := rows.Scan(&it.ID, &it.ParentID, &it.Position, &it.Label, &kind, &it.TargetID, &it.URL); err != nil {
			return nil, false, err
		}
		it.Kind = Kind(kind)
		all = append(all, it)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	return treeOrder(all), true, nil
}

// treeOrder puts each top-level item before its children; both levels keep
// the order of all (by position). A child whose parent is gone is dropped.
func treeOrder(all []Item) []Item {
	var out []Item
	for _, p := range all {
		if p.ParentID != 0 {
			continue
		}
		p.Depth = 0
		out = append(out, p)
		for _, c := range all {
			if c.ParentID == p.ID {
				c.Depth = 1
				out = append(out, c)
			}
		}
	}
	return out
}

// Edit is one change to a menu.
type Edit struct {
	Op    string // "add", "rename", "up", "down", "indent", "outdent", "remove"
	ID    int64  // the item, for every op but add
	Label string // for rename
	Input Input  // for add
}

// Apply makes one change to a menu. defaults is what the menu shows while
// the owner has not edited it (see Defaults): the first edit starts from it.
// The change is announced, so no cache keeps the old menu.
func (s *Store) Apply(ctx context.Context, siteID int64, menu string, defaults []Item, e Edit) error {
	if err := validMenu(menu); err != nil {
		return err
	}
	switch e.Op {
	case "add":
		if err := e.Input.validate(); err != nil {
			return err
		}
	case "rename":
		label, err := checkLabel(e.Label)
		if err != nil {
			return err
		}
		e.Label = label
	case "up", "down", "indent", "outdent", "remove":
	default:
		return fault.Invalidf("op", "Unknown change.")
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		list, edited, err := items(ctx, tx, siteID, menu)
		if err != nil {
			return err
		}
		if !edited {
			if list, err = s.materialise(ctx, tx, siteID, menu, defaults); err != nil {
				return err
			}
			if e.ID < 0 && int(-e.ID) <= len(list) {
				e.ID = list[-e.ID-1].ID
			}
		}
		if err := apply(ctx, tx, siteID, menu, list, e); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE menus SET updated_at = ? WHERE site_id = ? AND menu = ?`,
			sqldb.Millis(s.now()), siteID, menu); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
}

// materialise writes the default items down as the menu's own.
func (s *Store) materialise(ctx context.Context, tx *sqldb.Tx, siteID int64, menu string, defaults []Item) ([]Item, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO menus (site_id, menu, updated_at) VALUES (?, ?, ?)`,
		siteID, menu, sqldb.Millis(s.now())); err != nil {
		return nil, fmt.Errorf("create menu: %w", err)
	}
	out := make([]Item, 0, len(defaults))
	for i, d := range defaults {
		d.ID, d.ParentID, d.Position, d.Depth = sqldb.NewID(), 0, i+1, 0
		if err := insert(ctx, tx, siteID, menu, d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func insert(ctx context.Context, tx *sqldb.Tx, siteID int64, menu string, it Item) error {
	_, err := tx.Exec(ctx, `INSERT INTO menu_items (site_id, id, menu, parent_id, position, label, kind, target_id, url)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, siteID, it.ID, menu, it.ParentID, it.Position, it.Label, string(it.Kind), it.TargetID, it.URL)
	if err != nil {
		return fmt.Errorf("add menu item: %w", err)
	}
	return nil
}

func setPlace(ctx context.Context, tx *sqldb.Tx, siteID int64, it Item) error {
	_, err := tx.Exec(ctx, `UPDATE menu_items SET parent_id = ?, position = ? WHERE site_id = ? AND id = ?`,
		it.ParentID, it.Position, siteID, it.ID)
	return err
}

// siblings returns the items under parent, in order.
func siblings(list []Item, parent int64) []Item {
	var out []Item
	for _, it := range list {
		if it.ParentID == parent {
			out = append(out, it)
		}
	}
	return out
}

// renumber gives the siblings positions 1, 2, 3 … in the order given.
func renumber(ctx context.Context, tx *sqldb.Tx, siteID int64, sibs []Item) error {
	for i := range sibs {
		if sibs[i].Position == i+1 {
			continue
		}
		sibs[i].Position = i + 1
		if err := setPlace(ctx, tx, siteID, sibs[i]); err != nil {
			return err
		}
	}
	return nil
}

func apply(ctx context.Context, tx *sqldb.Tx, siteID int64, menu string, list []Item, e Edit) error {
	if e.Op == "add" {
		if len(list) >= MaxItems {
			return fault.Invalidf("label", fmt.Sprintf("A menu holds at most %d links.", MaxItems))
		}
		top := siblings(list, 0)
		it := Item{ID: sqldb.NewID(), Position: len(top) + 1, Label: e.Input.Label, Kind: e.Input.Kind,
			TargetID: e.Input.TargetID, URL: e.Input.URL}
		if len(top) > 0 {
			it.Position = top[len(top)-1].Position + 1
		}
		return insert(ctx, tx, siteID, menu, it)
	}
	var cur *Item
	for i := range list {
		if list[i].ID == e.ID {
			cur = &list[i]
		}
	}
	if cur == nil {
		return ErrNotFound
	}
	switch e.Op {
	case "rename":
		_, err := tx.Exec(ctx, `UPDATE menu_items SET label = ? WHERE site_id = ? AND id = ?`, e.Label, siteID, cur.ID)
		return err
	case "remove":
		_, err := tx.Exec(ctx, `DELETE FROM menu_items WHERE site_id = ? AND (id = ? OR parent_id = ?)`, siteID, cur.ID, cur.ID)
		return err
	case "up", "down":
		sibs := siblings(list, cur.ParentID)
		i := indexOf(sibs, cur.ID)
		j := i - 1
		if e.Op == "down" {
			j = i + 1
		}
		if j < 0 || j >= len(sibs) {
			return nil // already first or last: nothing to do
		}
		sibs[i], sibs[j] = sibs[j], sibs[i]
		for k := range sibs {
			sibs[k].Position = 0 // force renumbering of every sibling
		}
		return renumber(ctx, tx, siteID, sibs)
	case "indent":
		if cur.ParentID != 0 {
			return fault.Invalidf("op", "“"+cur.Label+"” is already nested: menus go one level deep.")
		}
		if len(siblings(list, cur.ID)) > 0 {
			return fault.Invalidf("op", "“"+cur.Label+"” has links nested under it, so it cannot be nested itself.")
		}
		top := siblings(list, 0)
		i := indexOf(top, cur.ID)
		if i == 0 {
			return fault.Invalidf("op", "The first link cannot be nested: there is no link above it to nest it under.")
		}
		parent := top[i-1]
		kids := siblings(list, parent.ID)
		cur.ParentID, cur.Position = parent.ID, len(kids)+1
		if len(kids) > 0 {
			cur.Position = kids[len(kids)-1].Position + 1
		}
		if err := setPlace(ctx, tx, siteID, *cur); err != nil {
			return err
		}
		return renumber(ctx, tx, siteID, without(top, cur.ID))
	case "outdent":
		if cur.ParentID == 0 {
			return nil
		}
		top := siblings(list, 0)
		p := indexOf(top, cur.ParentID)
		kids := without(siblings(list, cur.ParentID), cur.ID)
		moved := *cur
		moved.ParentID = 0
		newTop := append(append(append([]Item{}, top[:p+1]...), moved), top[p+1:]...)
		for k := range newTop {
			newTop[k].Position = 0
		}
		if err := renumber(ctx, tx, siteID, newTop); err != nil {
			return err
		}
		return renumber(ctx, tx, siteID, kids)
	}
	return nil
}

func indexOf(list []Item, id int64) int {
	for i, it := range list {
		if it.ID == id {
			return i
		}
	}
	return -1
}

func without(list []Item, id int64) []Item {
	var out []Item
	for _, it := range list {
		if it.ID != id {
			out = append(out, it)
		}
	}
	return out
}

// Reset forgets the owner's edits: the menu shows its default again.
func (s *Store) Reset(ctx context.Context, siteID int64, menu string) error {
	if err := validMenu(menu); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM menu_items WHERE site_id = ? AND menu = ?`, siteID, menu); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM menus WHERE site_id = ? AND menu = ?`, siteID, menu); err != nil {
			return err
		}
		return contentChanged(ctx, tx, siteID)
	})
}

func checkLabel(label string) (string, error) {
	var v fault.Invalid
	label = strings.TrimSpace(label)
	switch {
	case !v.CheckText("label", label):
	case label == "":
		v.Add("label", "Give the link a label.")
	case len([]rune(label)) > 80:
		v.Add("label", "Use at most 80 characters.")
	}
	return label, v.Err()
}

func (in *Input) validate() error {
	label, err := checkLabel(in.Label)
	if err != nil {
		return err
	}
	in.Label = label
	switch in.Kind {
	case KindPage, KindPost, KindCategory, KindProduct:
		if in.TargetID <= 0 {
			return fault.Invalidf("target", "Choose what the link opens.")
		}
		in.URL = ""
	case KindURL:
		in.TargetID = 0
		u, err := CheckURL(in.URL)
		if err != nil {
			return err
		}
		in.URL = u
	default:
		return fault.Invalidf("target", "Choose what the link opens.")
	}
	return nil
}

// CheckURL accepts an address of the site ("/contact", "/products?sort=new",
// "#hours"), a web address (https://…), a mailto: or a tel: link, and
// refuses anything a browser would run (javascript:) or cannot open.
func CheckURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	bad := fault.Invalidf("url", "Enter an address of your site such as /contact, or a full web address such as https://example.com.")
	if raw == "" || len(raw) > 500 || strings.ContainsAny(raw, " \t\r\n\\") {
		return "", bad
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", bad
	}
	switch strings.ToLower(u.Scheme) {
	case "":
		if u.Host != "" || !(strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "#")) || strings.HasPrefix(raw, "//") {
			return "", bad
		}
	case "http", "https":
		if u.Host == "" {
			return "", bad
		}
	case "mailto", "tel":
		if u.Opaque == "" {
			return "", bad
		}
	default:
		return "", bad
	}
	return raw, nil
}

// contentChanged moves the site's content version on, so that no cached page
// keeps the old menu, and announces the change once tx commits.
func contentChanged(ctx context.Context, tx *sqldb.Tx, siteID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE sites SET content_version = content_version + 1 WHERE id = ?`, siteID); err != nil {
		return fmt.Errorf("content version of site %d: %w", siteID, err)
	}
	tx.Changed(ctx, siteID)
	return nil
}

// Link is an item as a visitor sees it: its address worked out.
type Link struct {
	Label, URL string
	Current    bool
	Children   []Link
}

// Lookup gives the address of a page, post, category or product by ID, and
// false when it no longer exists (or is not shown): its item is dropped.
type Lookup func(kind Kind, id int64) (string, bool)

// Resolve turns items (in reading order) into links; current is the address
// of the page being drawn ("/" for the home page), whose link is marked.
// A parent whose target is gone takes its children with it.
func Resolve(items []Item, lookup Lookup, current string) []Link {
	var out []Link
	skipKids := false
	for _, it := range items {
		if it.Depth > 0 && (skipKids || len(out) == 0) {
			continue
		}
		addr := it.URL
		if it.Kind != KindURL {
			var ok bool
			if addr, ok = lookup(it.Kind, it.TargetID); !ok {
				skipKids = it.Depth == 0
				continue
			}
		}
		l := Link{Label: it.Label, URL: addr, Current: addr == current}
		if it.Depth == 0 {
			skipKids = false
			out = append(out, l)
		} else {
			p := &out[len(out)-1]
			p.Children = append(p.Children, l)
		}
	}
	return out
}
