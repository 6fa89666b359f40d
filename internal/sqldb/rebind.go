package sqldb

import (
	"strconv"
	"strings"
)

// rebind turns the "?" placeholders that every query is written with into
// PostgreSQL's "$1, $2, …". It reads the query the way PostgreSQL's lexer
// does, so that a question mark inside a string constant ('…' with a
// doubled quote for a quote, E'…' with backslash escapes), a quoted
// identifier ("…"), a dollar-quoted string ($$…$$, $tag$…$tag$), a --
// comment or a /* */ comment (which nest in PostgreSQL) is left alone. Every other "?" is a
// placeholder: jsonb's ?, ?| and ?& operators must be written as the
// functions jsonb_exists, jsonb_exists_any and jsonb_exists_all. Strings
// are read with standard_conforming_strings on, PostgreSQL's default.
func rebind(d Dialect, query string) string {
	if d != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for i := 0; i < len(query); {
		c := query[i]
		if c == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			i++
			continue
		}
		end := i + 1
		switch {
		case c == '\'':
			end = stringEnd(query, i+1, false)
		case c == '"':
			end = identifierEnd(query, i+1)
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			end = lineCommentEnd(query, i)
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			end = blockCommentEnd(query, i)
		case c == '$':
			end = dollarEnd(query, i)
		case isIdentStart(c):
			end = wordEnd(query, i)
		}
		b.WriteString(query[i:end])
		i = end
	}
	return b.String()
}

// Each …End function returns the index just past the token that starts at
// i (or, for strings, whose opening quote is just before i); an unterminated
// token runs to the end of the query, as PostgreSQL would refuse it anyway.

// wordEnd reads a keyword or identifier, which may contain "$" after its
// first character (so "a$$" is a name, not a dollar quote), and an E'…'
// string, whose prefix looks like a one-letter word.
func wordEnd(query string, i int) int {
	j := i + 1
	if (query[i] == 'E' || query[i] == 'e') && j < len(query) && query[j] == '\'' {
		return stringEnd(query, j+1, true)
	}
	for j < len(query) && isIdentPart(query[j]) {
		j++
	}
	return j
}

// stringEnd reads a string constant from just after its opening quote. A
// doubled quote stands for one; with backslashes (E'…') a backslash escapes
// the next byte. PostgreSQL continues a string after its closing quote when
// only whitespace with a line break (and -- comments) separates it from
// another quote, in the same mode, so that is followed too.
func stringEnd(query string, i int, backslashes bool) int {
	for j := i; j < len(query); j++ {
		switch c := query[j]; {
		case backslashes && c == '\\':
			j++
		case c == '\'' && j+1 < len(query) && query[j+1] == '\'':
			j++
		case c == '\'':
			if k, ok := continuation(query, j+1); ok {
				j = k
				continue
			}
			return j + 1
		}
	}
	return len(query)
}

// continuation reports whether the string that closed just before i goes on,
// and if so the index of the quote that reopens it.
func continuation(query string, i int) (int, bool) {
	k, newline := i, false
	for k < len(query) {
		switch c := query[k]; {
		case c == ' ' || c == '\t' || c == '\f':
			k++
		case c == '\n' || c == '\r' || (c == '\v' && newline):
			newline = true
			k++
		case c == '-' && strings.HasPrefix(query[k:], "--"):
			k = lineCommentEnd(query, k)
			newline = true // a comment ends at a line break, or at the end
		case c == '\'' && newline:
			return k, true
		default:
			return 0, false
		}
	}
	return 0, false
}

// identifierEnd reads a quoted identifier from just after its opening
// quote; a doubled quote stands for one.
func identifierEnd(query string, i int) int {
	for j := i; j < len(query); j++ {
		if query[j] == '"' {
			if j+1 < len(query) && query[j+1] == '"' {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(query)
}

// lineCommentEnd reads a -- comment and the line break that ends it.
func lineCommentEnd(query string, i int) int {
	if k := strings.IndexAny(query[i:], "\n\r"); k >= 0 {
		return i + k + 1
	}
	return len(query)
}

// blockCommentEnd reads a /* */ comment, counting nested ones as PostgreSQL
// does.
func blockCommentEnd(query string, i int) int {
	depth := 0
	for j := i; j+1 < len(query); j++ {
		switch query[j : j+2] {
		case "/*":
			depth++
			j++
		case "*/":
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(query)
}

// dollarEnd reads what starts with "$": a dollar-quoted string ($$…$$ or
// $tag$…$tag$, the tag being a name without "$"), or else just the "$", as
// in a positional parameter such as $1.
func dollarEnd(query string, i int) int {
	j := i + 1
	if j < len(query) && isIdentStart(query[j]) {
		for j < len(query) && isIdentPart(query[j]) && query[j] != '$' {
			j++
		}
	}
	if j >= len(query) || query[j] != '$' {
		return i + 1
	}
	tag := query[i : j+1]
	if k := strings.Index(query[j+1:], tag); k >= 0 {
		return j + 1 + k + len(tag)
	}
	return len(query)
}

// isIdentStart reports whether c can begin a name: a letter, "_" or any
// byte of a multi-byte UTF-8 character.
func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

// isIdentPart reports whether c can continue a name.
func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}
