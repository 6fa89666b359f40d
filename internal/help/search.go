package help

import (
	"cmp"
	"slices"
	"strings"
)

// maxSearchTerms bounds the work one search box submission can cause; nobody types more words than this
// into a help search, and the extra ones would only narrow the result further.
const maxSearchTerms = 10

// Weights of where a term is found. A title hit outweighs any number of body hits, because an article
// named after what someone searched for is almost always the one they want.
const (
	phraseInTitleScore = 1000
	termInTitleScore   = 100
	termInSummaryScore = 10
	maxBodyScore       = 9
)

// newIndexed prepares an article for search by lower-casing its fields once, at load.
func newIndexed(a Article, text string) indexed {
	return indexed{
		article: a,
		title:   strings.ToLower(a.Title),
		summary: strings.ToLower(a.Summary),
		text:    strings.ToLower(text),
	}
}

// Search returns the articles that contain every word of the query, ignoring case, in their title,
// summary or text. Articles with the words in their title come first; after that, a word in the summary
// counts for more than a word in the text, and the text counts by how often the words occur. Equal
// matches keep their display order. An empty query returns nil.
func (c *Centre) Search(query string) []Article {
	terms := searchTerms(query)
	if len(terms) == 0 {
		return nil
	}
	phrase := strings.Join(terms, " ")
	type hit struct {
		article Article
		score   int
	}
	var hits []hit
	for _, doc := range c.index {
		score, ok := doc.score(terms, phrase)
		if ok {
			hits = append(hits, hit{doc.article, score})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.score, a.score) })
	var out []Article
	for _, h := range hits {
		out = append(out, h.article)
	}
	return out
}

// searchTerms splits a query into distinct lower-case words, at most maxSearchTerms of them.
func searchTerms(query string) []string {
	var terms []string
	for _, t := range strings.Fields(strings.ToLower(query)) {
		if len(terms) == maxSearchTerms {
			break
		}
		if !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	return terms
}

// score rates how well the article matches; ok is false when some term appears nowhere in it.
func (d indexed) score(terms []string, phrase string) (score int, ok bool) {
	for _, t := range terms {
		inTitle := strings.Contains(d.title, t)
		inSummary := strings.Contains(d.summary, t)
		inBody := min(strings.Count(d.text, t), maxBodyScore)
		if !inTitle && !inSummary && inBody == 0 {
			return 0, false
		}
		if inTitle {
			score += termInTitleScore
		}
		if inSummary {
			score += termInSummaryScore
		}
		score += inBody
	}
	if len(terms) > 1 && strings.Contains(d.title, phrase) {
		score += phraseInTitleScore
	}
	return score, true
}
