package help

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// frontMatterFence opens and closes the metadata block at the top of every help file.
const frontMatterFence = "---"

// parseFrontMatter splits a help file into its metadata and its Markdown body.
//
// The metadata is a deliberately small subset of YAML: a "---" line, then one "key: value" pair a line,
// then another "---" line. Blank lines inside the block are allowed. The value is everything after the
// first colon, trimmed, so a title may itself contain a colon. Keys are lower-case letters, digits, "_"
// and "-", and may appear only once, so a typo or a pasted duplicate fails loudly at start rather than
// silently showing the wrong title. Windows line endings are accepted because editors add them; the body
// is returned untouched, since Markdown handles them itself.
func parseFrontMatter(src []byte) (map[string]string, []byte, error) {
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if trimLine(first) != frontMatterFence {
		return nil, nil, errors.New(`front matter: the file must start with a "---" line`)
	}
	if !found {
		return nil, nil, errors.New(`front matter: no closing "---" line`)
	}
	fields := make(map[string]string)
	for lineNo := 2; ; lineNo++ {
		var line []byte
		line, rest, found = bytes.Cut(rest, []byte("\n"))
		text := trimLine(line)
		if text == frontMatterFence {
			if !found {
				// The closing fence was the last line of the file, so there is no body.
				rest = nil
			}
			return fields, rest, nil
		}
		if !found {
			return nil, nil, errors.New(`front matter: no closing "---" line`)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		key, value, ok := strings.Cut(text, ":")
		if !ok {
			return nil, nil, fmt.Errorf("front matter line %d: want \"key: value\", got %q", lineNo, text)
		}
		key = strings.TrimSpace(key)
		if !validKey(key) {
			return nil, nil, fmt.Errorf("front matter line %d: invalid key %q", lineNo, key)
		}
		if _, dup := fields[key]; dup {
			return nil, nil, fmt.Errorf("front matter line %d: key %q given twice", lineNo, key)
		}
		fields[key] = strings.TrimSpace(value)
	}
}

// trimLine drops the trailing blanks and carriage return of one line.
func trimLine(line []byte) string {
	return string(bytes.TrimRight(line, " \t\r"))
}

// validKey reports whether s is a non-empty run of lower-case ASCII letters, digits, "_" and "-".
func validKey(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// meta is the metadata every category and article file carries.
type meta struct {
	title    string
	summary  string
	position int
}

// metaFrom checks the parsed front matter against the keys help files may use. Unknown keys are refused
// because a misspelt "postion" would otherwise be ignored and the page would sort to the top unnoticed.
func metaFrom(fields map[string]string) (meta, error) {
	var m meta
	for key, value := range fields {
		switch key {
		case "title":
			m.title = value
		case "summary":
			m.summary = value
		case "position":
			n, err := strconv.Atoi(value)
			if err != nil {
				return meta{}, fmt.Errorf("front matter: position %q is not a whole number", value)
			}
			m.position = n
		default:
			return meta{}, fmt.Errorf("front matter: unknown key %q", key)
		}
	}
	if m.title == "" {
		return meta{}, errors.New("front matter: title is missing")
	}
	return m, nil
}
