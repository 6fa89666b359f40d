package sqldb_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/sqldb"
)

func TestRebind(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no placeholder", "SELECT 1", "SELECT 1"},
		{"placeholders in order", "a = ? AND b = ?", "a = $1 AND b = $2"},
		{"adjacent", "(?,?)", "($1,$2)"},
		{"string", "a = '?' AND b = ?", "a = '?' AND b = $1"},
		{"doubled quote in a string", "a = 'it''s ?' AND b = ?", "a = 'it''s ?' AND b = $1"},
		{"empty strings", "a = '' AND b = ? AND c = ''''", "a = '' AND b = $1 AND c = ''''"},
		{"backslash in a standard string is a character", `a = '\' AND b = ?`, `a = '\' AND b = $1`},
		{"E string with backslash escapes", `a = E'it\'s ?' AND b = ?`, `a = E'it\'s ?' AND b = $1`},
		{"lower-case e string", `a = e'\\' AND b = ?`, `a = e'\\' AND b = $1`},
		{"E at the end of a name is not a prefix", `a = namE'\' AND b = ?`, `a = namE'\' AND b = $1`},
		{"string continued on the next line", "a = 'x'\n'?' AND b = ?", "a = 'x'\n'?' AND b = $1"},
		{"E string continued after a comment", "a = E'x' -- c\n'\\'?' AND b = ?", "a = E'x' -- c\n'\\'?' AND b = $1"},
		{"no continuation on the same line", `a = E'x' '\' AND b = ?`, `a = E'x' '\' AND b = $1`},
		{"quoted identifier", `SELECT "a?b", "say ""?""" FROM t WHERE c = ?`, `SELECT "a?b", "say ""?""" FROM t WHERE c = $1`},
		{"line comment", "SELECT 1 -- why? because\nWHERE a = ?", "SELECT 1 -- why? because\nWHERE a = $1"},
		{"line comment at the end", "a = ? -- really?", "a = $1 -- really?"},
		{"line comment ended by carriage return", "-- ?\ra = ?", "-- ?\ra = $1"},
		{"block comment", "a = /* ? */ ?", "a = /* ? */ $1"},
		{"nested block comment", "a = /* x /* ? */ ? */ ?", "a = /* x /* ? */ ? */ $1"},
		{"comment markers inside a string", "a = '/* -- ' AND b = ?", "a = '/* -- ' AND b = $1"},
		{"quote inside a comment", "/* it's */ a = ?", "/* it's */ a = $1"},
		{"dollar-quoted string", "DO $$ SELECT '?' $$; SELECT ?", "DO $$ SELECT '?' $$; SELECT $1"},
		{"tagged dollar quote", "SELECT $fn$ ? $$ ? $fn$, ?", "SELECT $fn$ ? $$ ? $fn$, $1"},
		{"dollar in a name is not a quote", "SELECT a$$b, ? FROM t$x$", "SELECT a$$b, $1 FROM t$x$"},
		{"positional parameter is not a quote", "SELECT $1, ?, $2$", "SELECT $1, $1, $2$"},
		{"non-ASCII text around", "SELECT 'é?', ü$ FROM t WHERE x = ?", "SELECT 'é?', ü$ FROM t WHERE x = $1"},
		{"unterminated string", "a = ? AND b = 'x?", "a = $1 AND b = 'x?"},
		{"unterminated comment", "a = ? /* ?", "a = $1 /* ?"},
		{"unterminated dollar quote", "a = ? $q$ ?", "a = $1 $q$ ?"},
		{"single dollar", "a = $ ?", "a = $ $1"},
		{"minus and slash alone", "a - ? / ?", "a - $1 / $2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sqldb.RebindForTest(sqldb.Postgres, tt.in); got != tt.want {
				t.Errorf("rebind(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if got := sqldb.RebindForTest(sqldb.SQLite, tt.in); got != tt.in {
				t.Errorf("sqlite rebind changed %q to %q", tt.in, got)
			}
		})
	}
}

// FuzzRebind feeds arbitrary text: rebind must not panic, must leave SQLite
// queries alone, and may only replace question marks, by $1, $2, … in order.
func FuzzRebind(f *testing.F) {
	for _, seed := range []string{
		"a = ? AND b = '?'", "E'\\'?'", "/* /* ? */ */ ?", "$$?$$ ?", "$a$ ? $a$", "a$$ ?",
		"'x'\n'?' ?", "-- ?\n?", `"?""?" ?`, "$1 ?", "'", "$", "/*", "E'", "\x80?",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if got := sqldb.RebindForTest(sqldb.SQLite, in); got != in {
			t.Fatalf("sqlite rebind changed %q to %q", in, got)
		}
		out := sqldb.RebindForTest(sqldb.Postgres, in)
		j, n := 0, 0
		for i := 0; i < len(in); i++ {
			switch {
			case in[i] == '?' && j < len(out) && out[j] == '$':
				n++
				p := "$" + strconv.Itoa(n)
				if !strings.HasPrefix(out[j:], p) {
					t.Fatalf("rebind(%q) = %q: placeholder at byte %d is not %s", in, out, i, p)
				}
				j += len(p)
			case j < len(out) && out[j] == in[i]:
				j++
			default:
				t.Fatalf("rebind(%q) = %q: differs at byte %d", in, out, i)
			}
		}
		if j != len(out) {
			t.Fatalf("rebind(%q) = %q: output runs on", in, out)
		}
	})
}

// FuzzRebindExact builds a query from pieces whose meaning is known (a
// placeholder, a string, a comment, …), filled with bytes from the fuzzer
// that are escaped as each piece requires, and checks that exactly the
// placeholder pieces are rewritten.
func FuzzRebindExact(f *testing.F) {
	f.Add([]byte{0, 1, 3, 'a', '?', '\'', 0})
	f.Add([]byte{2, 4, '?', '\'', '\\', 'x', 0, 3, 4, '\\', '\'', '?', '\\', 0})
	f.Add([]byte{4, 3, '"', '?', '"', 5, 2, '?', '\n', 0, 6, 2, '?', '*', 0})
	f.Add([]byte{7, 1, 2, '?', '$', 0, 8, 0, 9, 0, 0})
	f.Fuzz(func(t *testing.T, program []byte) {
		in, want := buildQuery(program)
		if got := sqldb.RebindForTest(sqldb.Postgres, in); got != want {
			t.Fatalf("rebind(%q)\n got %q\nwant %q", in, got, want)
		}
	})
}

// buildQuery reads program as a list of pieces: a kind byte, then (for the
// kinds with text) a length byte and that many bytes of text. It returns
// the query and what rebind must make of it.
func buildQuery(program []byte) (query, want string) {
	var q, w strings.Builder
	n := 0
	text := func(i int) (string, int) {
		if i >= len(program) {
			return "", i
		}
		l := int(program[i]) % 8
		i++
		end := min(i+l, len(program))
		return string(program[i:end]), end
	}
	for i := 0; i < len(program); {
		kind := program[i] % 10
		i++
		var piece, rewritten, s string
		switch kind {
		case 0:
			n++
			piece, rewritten = "?", "$"+strconv.Itoa(n)
		case 1: // plain SQL text without anything special in it
			s, i = text(i)
			piece = strings.Map(func(r rune) rune {
				if strings.ContainsRune("abc123 =,()<>+.", r) {
					return r
				}
				return 'x'
			}, s)
		case 2: // a standard string: '' is a quote, backslash is a character
			s, i = text(i)
			piece = "'" + strings.ReplaceAll(s, "'", "''") + "'"
		case 3: // an E'…' string: backslash escapes; a plain word follows so
			// that no later piece continues it
			s, i = text(i)
			s = strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s)
			piece = "E'" + s + "' x"
		case 4: // a quoted identifier
			s, i = text(i)
			piece = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		case 5: // a line comment
			s, i = text(i)
			piece = "--" + strings.NewReplacer("\n", "", "\r", "").Replace(s) + "\n"
		case 6: // a block comment with a nested one
			s, i = text(i)
			s = strings.NewReplacer("*", "", "/", "").Replace(s)
			piece = "/* " + s + " /* ? " + s + " */ */"
		case 7: // a dollar-quoted string with a tag chosen by the next byte
			tag := "$$"
			if i < len(program) {
				tag = []string{"$$", "$t$", "$x_1$", "$é$"}[program[i]%4]
				i++
			}
			s, i = text(i)
			piece = tag + strings.ReplaceAll(s, "$", "") + tag
		case 8: // a positional parameter, which is not a dollar quote
			piece = "$1"
		case 9: // a name with dollars, which is not a dollar quote either
			piece = "a$$b$"
		}
		if rewritten == "" {
			rewritten = piece
		}
		q.WriteString(piece + " ")
		w.WriteString(rewritten + " ")
	}
	return q.String(), w.String()
}
