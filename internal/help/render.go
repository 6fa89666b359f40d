package help

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// newMarkdown returns the converter used for every help article.
//
// We take GitHub Flavored Markdown's tables (the plan comparison needs one), strikethrough and task lists,
// but not its linkify extension: the articles mention example addresses such as www.bakery-anna.com,
// and those must stay plain text rather than become links to somebody's real domain. Automatic heading
// IDs let support staff link straight to a section, such as one status code. Raw HTML is left switched off
// even though we write the articles ourselves: the help centre is served on the same origin as the admin,
// and a stray <script> in a pasted snippet must never run there.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// render converts one article body to HTML and also returns its plain text, which search uses. Both come
// from a single parse so that what is searched is exactly what the reader sees.
func render(md goldmark.Markdown, src []byte) (template.HTML, string, error) {
	doc := md.Parser().Parse(text.NewReader(src))
	var out bytes.Buffer
	if err := md.Renderer().Render(&out, src, doc); err != nil {
		return "", "", fmt.Errorf("render markdown: %w", err)
	}
	// The renderer escapes all text and drops raw HTML, so its output is safe to mark as HTML.
	return template.HTML(out.String()), plainText(doc, src), nil
}

// plainText collects the readable text of a parsed document, leaving out raw HTML (which the renderer
// omits too) and separating blocks with spaces so that words of adjacent paragraphs do not run together.
func plainText(doc ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(n.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(src))
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			b.Write(n.Lines().Value(src))
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
