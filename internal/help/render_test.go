package help

import (
	"strings"
	"testing"
)

func TestRenderDropsRawHTML(t *testing.T) {
	hostile := []string{
		"<script>alert(1)</script>",
		"Hello <script>alert(1)</script> world",
		"<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
		"<div>\n<script>alert(1)</script>\n</div>",
		"<img src=x onerror=alert(1)>",
		"[click me](javascript:alert(1))",
		"![picture](javascript:alert(1))",
		"<javascript:alert(1)>",
		"| a |\n|---|\n| <script>alert(1)</script> |",
		"```html\n<script>alert(1)</script>\n```",
	}
	md := newMarkdown()
	for _, src := range hostile {
		t.Run(src, func(t *testing.T) {
			html, _, err := render(md, []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			lower := strings.ToLower(string(html))
			// Link text may show "javascript:" harmlessly; only an href or src holding it could run.
			for _, bad := range []string{"<script", "<img src=x", "onerror=", `href="javascript:`, `src="javascript:`} {
				if strings.Contains(lower, bad) {
					t.Errorf("rendered %q contains %q:\n%s", src, bad, html)
				}
			}
		})
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		wantHTML  []string
		wantPlain string
	}{
		{
			name:      "table",
			src:       "| Plan | Pages |\n|---|---|\n| Free | 5 |\n",
			wantHTML:  []string{"<table>", "<th>Plan</th>", "<td>5</td>"},
			wantPlain: "Plan Pages Free 5",
		},
		{
			name:      "heading ids",
			src:       "## 509 Quota Exceeded\n\nText.",
			wantHTML:  []string{`<h2 id="509-quota-exceeded">`},
			wantPlain: "509 Quota Exceeded Text.",
		},
		{
			name:      "inline markup and code",
			src:       "Use **`first`** and\n[links](rates-and-quotas).\n\n```\nRateLimit: x\n```",
			wantHTML:  []string{"<code>first</code>", `<a href="rates-and-quotas">links</a>`},
			wantPlain: "Use first and links. RateLimit: x",
		},
		{
			name:      "example addresses stay plain text",
			src:       "Open www.bakery-anna.com or bakery-anna.pagecart.example.",
			wantHTML:  []string{"<p>Open www.bakery-anna.com or bakery-anna.pagecart.example.</p>"},
			wantPlain: "Open www.bakery-anna.com or bakery-anna.pagecart.example.",
		},
		{
			name:      "raw html is left out of the text too",
			src:       "Before <b>bold</b> after",
			wantHTML:  []string{"<!-- raw HTML omitted -->"},
			wantPlain: "Before bold after",
		},
	}
	md := newMarkdown()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, plain, err := render(md, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tt.wantHTML {
				if !strings.Contains(string(html), want) {
					t.Errorf("HTML lacks %q:\n%s", want, html)
				}
			}
			if plain != tt.wantPlain {
				t.Errorf("plain text = %q, want %q", plain, tt.wantPlain)
			}
		})
	}
}
