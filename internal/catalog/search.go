package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/sqldb"
)

// Search matches every word of the query as the prefix of a word of the
// product's title, SKUs or description ("choc cake" finds "Chocolate
// cake"). A query word that is the prefix of no word of the site's products
// is taken as a typo and replaced by the nearest words of the site's
// vocabulary (product_search_terms): one edit for words of 4 to 7 letters,
// two from 8 ("chocolte" finds "chocolate"); words with digits (SKUs,
// sizes) are never corrected. The words and the vocabulary
// are made in Go, so both engines see the same words, and only the final
// match is engine-specific (FTS5 on SQLite, tsvector on PostgreSQL).

const (
	maxQueryWords = 8
	// maxCandidates bounds the words one misspelt word may stand for.
	maxCandidates = 10
	// maxScan bounds the vocabulary read to correct one word.
	maxScan = 20000
	// maxExact is how many of the site's words a typed prefix may stand
	// for and still be searched as those exact words; a shorter prefix
	// that starts more words is searched as a prefix.
	maxExact = 16
)

// wordPrefixEnd is the bound just above every word starting with w, in the
// byte order both engines compare terms with.
func wordPrefixEnd(w string) string { return w + "\U0010FFFF" }

// searchMatch returns the condition that keeps the products (alias p) of the
// site whose words match query, with its arguments; none when the query has
// no words. nothing is true when some word matches no product at all.
func (s *Store) searchMatch(ctx context.Context, siteID int64, query string) (cond string, args []any, nothing bool, err error) {
	qw := words(query)
	if len(qw) == 0 {
		return "", nil, false, nil
	}
	if len(qw) > maxQueryWords {
		qw = qw[:maxQueryWords]
	}
	// A code typed as one token ("SK-000421") is indexed written together
	// too (searchText): that one rare word finds it at once, where its
	// parts would intersect a common prefix ("sk", on every product) with
	// the rest, which FTS5 does by reading the whole long list.
	if len(qw) > 1 && len(strings.Fields(query)) == 1 {
		joined := strings.Join(qw, "")
		ok, err := s.hasWordWithPrefix(ctx, siteID, joined)
		if err != nil {
			return "", nil, false, err
		}
		if ok {
			qw = []string{joined}
		}
	}
	groups := make([][]sqldb.Term, 0, len(qw))
	for _, w := range qw {
		alts, err := s.expand(ctx, siteID, w)
		if err != nil {
			return "", nil, false, err
		}
		if len(alts) == 0 {
			return "", nil, true, nil
		}
		groups = append(groups, alts)
	}
	cond, arg := s.db.Match(productSearch, siteID, groups)
	return cond, []any{arg}, false, nil
}

// productSearch is where the products' words are indexed on each engine
// (migration 00006): sqldb turns a match into each engine's syntax.
var productSearch = sqldb.FullText{SQLiteTable: "product_search", KeyColumn: "p.id", PostgresColumn: "p.search_tsv"}

// expand returns the terms that stand for the query word w: the site's
// words that start with w, as exact words when there are few of them (an
// exact word is far cheaper to match than a prefix, see sqldb.Match) and
// otherwise w as a prefix; and when no word starts with w, the nearest
// words of the site's vocabulary.
func (s *Store) expand(ctx context.Context, siteID int64, w string) ([]sqldb.Term, error) {
	rows, err := s.db.Query(ctx, `SELECT term FROM product_search_terms
		WHERE site_id = ? AND term >= ? AND term < ? ORDER BY term LIMIT ?`, siteID, w, wordPrefixEnd(w), maxExact+1)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var exact []sqldb.Term
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		exact = append(exact, sqldb.Term{Text: t})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	switch {
	case len(exact) > maxExact:
		return []sqldb.Term{{Text: w, Prefix: true}}, nil
	case len(exact) > 0:
		return exact, nil
	}
	// Words with digits are SKUs, sizes and numbers: a near miss there is
	// another article, not a typo.
	n := utf8.RuneCountInString(w)
	if n < 4 || strings.ContainsAny(w, "0123456789") {
		return nil, nil
	}
	edits := 1
	if n >= 8 {
		edits = 2
	}
	// A typo rarely hits the first letter, and keeping it makes the
	// vocabulary read one narrow range of the index.
	_, size := utf8.DecodeRuneInString(w)
	first := w[:size]
	rows, err = s.db.Query(ctx, `SELECT term, products FROM product_search_terms
		WHERE site_id = ? AND term >= ? AND term < ? LIMIT ?`, siteID, first, wordPrefixEnd(first), maxScan)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	type cand struct {
		term     string
		dist, pr int
	}
	var cands []cand
	target := []rune(w)
	for rows.Next() {
		var term string
		var products int
		if err := rows.Scan(&term, &products); err != nil {
			return nil, err
		}
		if d := prefixDistance(target, []rune(term), edits); d <= edits {
			cands = append(cands, cand{term, d, products})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The nearest words first, then the commonest, then in order, so the
	// same vocabulary always gives the same words.
	slices.SortFunc(cands, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		if a.pr != b.pr {
			return b.pr - a.pr
		}
		return strings.Compare(a.term, b.term)
	})
	var out []sqldb.Term
	for _, c := range cands {
		if c.dist > cands[0].dist || len(out) == maxCandidates {
			break
		}
		out = append(out, sqldb.Term{Text: c.term})
	}
	return out, nil
}

// hasWordWithPrefix reports whether some word of the site's products
// starts with w.
func (s *Store) hasWordWithPrefix(ctx context.Context, siteID int64, w string) (bool, error) {
	var one int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM product_search_terms
		WHERE site_id = ? AND term >= ? AND term < ? LIMIT 1) t`, siteID, w, wordPrefixEnd(w)).Scan(&one)
	if err != nil {
		return false, fmt.Errorf("search: %w", err)
	}
	return one > 0, nil
}

// prefixDistance is the smallest Damerau–Levenshtein distance (adjacent
// swaps count one) between w and a prefix of term, or limit+1 when it is
// larger than limit.
func prefixDistance(w, term []rune, limit int) int {
	// d[i][j]: distance between w[:i] and term[:j].
	rows := len(w) + 1
	cols := min(len(term), len(w)+limit) + 1
	d := make([][]int, rows)
	for i := range d {
		d[i] = make([]int, cols)
		d[i][0] = i
	}
	for j := range cols {
		d[0][j] = j
	}
	for i := 1; i < rows; i++ {
		for j := 1; j < cols; j++ {
			cost := 1
			if w[i-1] == term[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && w[i-1] == term[j-2] && w[i-2] == term[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	best := limit + 1
	for j := max(0, len(w)-limit); j < cols; j++ {
		best = min(best, d[rows-1][j])
	}
	return best
}

// updateTerms keeps the site's vocabulary in step when a product's search
// text changes from old to new ("" for a new or deleted product).
func updateTerms(ctx context.Context, tx *sqldb.Tx, siteID int64, old, new string) error {
	had := map[string]bool{}
	for _, w := range strings.Fields(old) {
		had[w] = true
	}
	var added []string
	for _, w := range strings.Fields(new) {
		if had[w] {
			delete(had, w)
		} else {
			added = append(added, w)
		}
	}
	removed := make([]string, 0, len(had))
	for w := range had {
		removed = append(removed, w)
	}
	slices.Sort(removed)
	return changeTerms(ctx, tx, siteID, added, removed)
}

// changeTerms counts one more product for each word of added and one fewer
// for each of removed; each list holds a word at most once.
func changeTerms(ctx context.Context, tx *sqldb.Tx, siteID int64, added, removed []string) error {
	const batch = 200
	for chunk := range slices.Chunk(added, batch) {
		args := make([]any, 0, 2*len(chunk))
		for _, w := range chunk {
			args = append(args, siteID, w)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO product_search_terms (site_id, term, products) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, 1), ", len(chunk)), ", ")+
			` ON CONFLICT (site_id, term) DO UPDATE SET products = product_search_terms.products + 1`, args...); err != nil {
			return fmt.Errorf("search words: %w", err)
		}
	}
	for chunk := range slices.Chunk(removed, batch) {
		args := []any{siteID}
		for _, w := range chunk {
			args = append(args, w)
		}
		in := placeholders(len(chunk))
		if _, err := tx.Exec(ctx, `UPDATE product_search_terms SET products = products - 1 WHERE site_id = ? AND term IN (`+in+`)`, args...); err != nil {
			return fmt.Errorf("search words: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM product_search_terms WHERE site_id = ? AND term IN (`+in+`) AND products <= 0`, args...); err != nil {
			return fmt.Errorf("search words: %w", err)
		}
	}
	return nil
}
