package blog

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"
)

// Channel is what a feed says about the blog.
type Channel struct {
	Title       string // the site's title
	Description string
	Language    string
	BaseURL     string // the site's address, "https://anna.example.com", no trailing slash
}

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Self        atomLink  `xml:"atom:link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language,omitempty"`
	LastBuild   string    `xml:"lastBuildDate,omitempty"`
	Items       []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Author      string   `xml:"dc:creator,omitempty"`
	Categories  []string `xml:"category"`
	Description string   `xml:"description"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// RSS writes an RSS 2.0 feed of posts (newest first, all visible).
func RSS(c Channel, posts []Post) ([]byte, error) {
	doc := rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: rssChannel{
		Title: c.Title, Link: c.BaseURL + "/blog", Description: c.Description, Language: c.Language,
		Self: atomLink{Href: c.BaseURL + "/blog/feed.rss", Rel: "self", Type: "application/rss+xml"}}}
	if doc.Channel.Description == "" {
		doc.Channel.Description = "The blog of " + c.Title
	}
	if len(posts) > 0 {
		doc.Channel.LastBuild = posts[0].PublishedAt.UTC().Format(time.RFC1123Z)
	}
	for _, p := range posts {
		link := c.BaseURL + p.URL()
		it := rssItem{Title: p.Title, Link: link, GUID: rssGUID{IsPermaLink: "false", Value: guid(c, p)},
			PubDate: p.PublishedAt.UTC().Format(time.RFC1123Z), Author: p.AuthorName, Description: string(p.Body)}
		for _, t := range p.Tags {
			it.Categories = append(it.Categories, t.Name)
		}
		doc.Channel.Items = append(doc.Channel.Items, it)
	}
	// dc:creator needs its namespace; RSS has no author field without an
	// e-mail address, which a byline must not publish.
	return encode(doc, `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">`)
}

// guid names a post for ever, whatever its slug becomes.
func guid(c Channel, p Post) string {
	return fmt.Sprintf("%s/blog#post-%d", c.BaseURL, p.ID)
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Link       atomLink       `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary,omitempty"`
	Content    atomText       `xml:"content"`
}

// Atom writes an Atom 1.0 feed of posts (newest first, all visible).
func Atom(c Channel, posts []Post) ([]byte, error) {
	doc := atomFeed{Lang: c.Language, Title: c.Title, ID: c.BaseURL + "/blog", Author: atomPerson{Name: c.Title},
		Links: []atomLink{{Href: c.BaseURL + "/blog/feed.atom", Rel: "self", Type: "application/atom+xml"},
			{Href: c.BaseURL + "/blog", Rel: "alternate", Type: "text/html"}}}
	updated := time.Unix(0, 0)
	for _, p := range posts {
		if p.UpdatedAt.After(updated) {
			updated = p.UpdatedAt
		}
		e := atomEntry{Title: p.Title, ID: guid(c, p), Link: atomLink{Href: c.BaseURL + p.URL(), Rel: "alternate", Type: "text/html"},
			Published: p.PublishedAt.UTC().Format(time.RFC3339), Updated: p.UpdatedAt.UTC().Format(time.RFC3339),
			Summary: p.Excerpt, Content: atomText{Type: "html", Value: string(p.Body)}}
		if p.AuthorName != "" {
			e.Author = &atomPerson{Name: p.AuthorName}
		}
		for _, t := range p.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: t.Slug, Label: t.Name})
		}
		doc.Entries = append(doc.Entries, e)
	}
	doc.Updated = updated.UTC().Format(time.RFC3339)
	return encode(doc, "")
}

// encode writes doc as an XML document; root, when set, replaces the
// root's opening tag (for namespace declarations encoding/xml cannot
// write with prefixes).
func encode(doc any, root string) ([]byte, error) {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	out := buf.Bytes()
	if root != "" {
		if i := bytes.IndexByte(out, '>'); i > 0 {
			out = append([]byte(root), out[i+1:]...)
		}
	}
	return append([]byte(xml.Header), out...), nil
}
