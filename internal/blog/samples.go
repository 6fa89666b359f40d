package blog

import (
	"context"
	"time"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// sample is a post a new journal starts with. The Journal design's starter
// pages link their article cards to these slugs (themes/journal/pages).
type sample struct {
	slug, title, excerpt, tags, body string
	daysAgo                          int
}

var samples = []sample{
	{slug: "in-praise-of-doing-one-thing-slowly", title: "In praise of doing one thing slowly", daysAgo: 3, tags: "Essay, Slow living",
		excerpt: "What a year of mending, baking and walking the same route every morning taught me about attention.",
		body: `<p>For a year I did three things the slow way: I mended my own clothes, baked our bread, and walked the same route to work every morning. None of it was efficient. All of it changed how I pay attention.</p>
<h2>The same walk, every day</h2>
<p>On the first day the walk was twenty minutes of nothing. By the third month it was <strong>a calendar</strong>: the baker's lights, the tree that turns first, the cat on the third windowsill.</p>
<blockquote><p>Attention is the rarest and purest form of generosity.</p></blockquote>
<h2>What slowness is not</h2>
<ul><li>It is not laziness: mending a coat takes more care than buying one.</li><li>It is not nostalgia: the bread is better, not older.</li><li>It is not for everything: I still answer e-mail fast.</li></ul>
<p>This is a sample post. Edit it or delete it in your site's admin, under <em>Blog</em>.</p>`},
	{slug: "the-quiet-return-of-the-corner-shop", title: "The quiet return of the corner shop", daysAgo: 10, tags: "Cities",
		excerpt: "Why small, local and a little inefficient might be exactly what our neighbourhoods need.",
		body: `<p>The corner shop was supposed to be finished. Supermarkets were cheaper, delivery was faster, and nobody needed to buy one onion at nine in the evening. And yet, on our street, two have opened this year.</p>
<h2>One onion at nine in the evening</h2>
<p>It turns out that <strong>somebody does</strong> need that onion, and that the person behind the counter knows their name. A shop that small lives on being close, not on being cheap.</p>
<p>This is a sample post. Edit it or delete it in your site's admin, under <em>Blog</em>.</p>`},
	{slug: "notes-from-a-boatbuilders-notebook", title: "Notes from a boatbuilder's notebook", daysAgo: 17, tags: "Craft",
		excerpt: "Forty years of measuring twice, and the handful of mistakes worth making once.",
		body: `<p>The notebook is forty years old and smells of varnish. Its first page says <em>measure twice</em>; its last says <em>measure three times if it is oak</em>.</p>
<h2>Mistakes worth making once</h2>
<ol><li>Planking in a cold shed: the glue remembers.</li><li>Trusting a drawing over the timber in front of you.</li><li>Launching on a Friday, which sailors still do not forgive.</li></ol>
<p>This is a sample post. Edit it or delete it in your site's admin, under <em>Blog</em>.</p>`},
	{slug: "a-field-guide-to-the-plants-in-the-cracks", title: "A field guide to the plants in the cracks", daysAgo: 24, tags: "Nature",
		excerpt: "The city's most resilient residents grow between paving stones. Here is how to meet them.",
		body: `<p>Look down on any pavement and you will find a garden nobody planted: moss in the shade, plantain where people walk, a buddleia on a roof gutter three floors up.</p>
<h2>Three to look for this week</h2>
<ul><li><strong>Pellitory-of-the-wall</strong>, at the foot of old brick.</li><li><strong>Ivy-leaved toadflax</strong>, with its small purple snapdragons.</li><li><strong>Herb Robert</strong>, red-stemmed and smelling of pepper.</li></ul>
<p>This is a sample post. Edit it or delete it in your site's admin, under <em>Blog</em>.</p>`},
}

// SampleSlugs are the addresses of the sample posts, newest first.
func SampleSlugs() []string {
	out := make([]string, len(samples))
	for i, s := range samples {
		out[i] = s.slug
	}
	return out
}

// SeedSamples writes a new site's sample posts inside the caller's
// transaction (the signup's), published over the past weeks under the
// byline author, so that a journal starts with real posts its article
// cards link to.
func (s *Store) SeedSamples(ctx context.Context, tx *sqldb.Tx, siteID, authorID int64, author string) error {
	now := s.now().UTC().Truncate(time.Hour)
	for _, p := range samples {
		if _, err := s.CreateTx(ctx, tx, siteID, Input{Title: p.title, Slug: p.slug, Excerpt: p.excerpt, Body: p.body,
			Tags: p.tags, AuthorID: authorID, AuthorName: author, Status: Published,
			PublishedAt: now.AddDate(0, 0, -p.daysAgo)}); err != nil {
			return err
		}
	}
	return nil
}
