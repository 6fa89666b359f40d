package media

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"
)

func TestSanitizeSVG(t *testing.T) {
	const open = `<svg xmlns="http://www.w3.org/2000/svg">`
	tests := []struct {
		name, in, want string
		notSVG         bool
	}{
		{name: "drawing kept", in: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g fill="red"><path d="M0 0L10 10"/></g></svg>`,
			want: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g fill="red"><path d="M0 0L10 10"></path></g></svg>`},
		{name: "script gone with its text", in: `<svg><script>alert(1)</script><rect/></svg>`, want: open + `<rect></rect></svg>`},
		{name: "script in CDATA", in: `<svg><script><![CDATA[alert(1)]]></script></svg>`, want: open + `</svg>`},
		{name: "event handlers", in: `<svg onload="alert(1)"><rect onclick="x()" ONMOUSEOVER="y()" width="2"/></svg>`,
			want: open + `<rect width="2"></rect></svg>`},
		{name: "foreignObject with HTML", in: `<svg><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="x"/></body></foreignObject></svg>`,
			want: open + `</svg>`},
		{name: "external references", in: `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><image href="https://evil.example/x.png"/>` +
			`<use xlink:href="https://evil.example/a.svg#x"/><use href="#ok"/><rect fill="url(https://evil.example/p)"/>` +
			`<rect fill="url(#grad)"/><rect style="background:url('//evil.example')"/></svg>`,
			want: open + `<use></use><use href="#ok"></use><rect></rect><rect fill="url(#grad)"></rect><rect></rect></svg>`},
		{name: "links and animation", in: `<svg><a href="javascript:alert(1)"><text>x</text></a><set attributeName="href" to="javascript:alert(1)"/>` +
			`<animate attributeName="onclick"/></svg>`, want: open + `</svg>`},
		{name: "style element", in: `<svg><style>@import url(https://evil.example/a.css);</style></svg>`, want: open + `</svg>`},
		{name: "CSS escape in style", in: `<svg><rect style="fill:u\72l(https://evil.example)"/></svg>`, want: open + `<rect></rect></svg>`},
		{name: "text escaped", in: `<svg><text>a &lt;b&gt; &amp; c</text></svg>`, want: open + `<text>a &lt;b&gt; &amp; c</text></svg>`},
		{name: "attribute value escaped", in: `<svg><text font-family="&quot;Times&quot;, serif">x</text></svg>`,
			want: open + `<text font-family="&quot;Times&quot;, serif">x</text></svg>`},
		{name: "elements of another vocabulary", in: `<svg xmlns:h="http://www.w3.org/1999/xhtml"><h:script>x</h:script><h:div/></svg>`, want: open + `</svg>`},
		{name: "prefixed SVG root", in: `<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:rect/><s:script/></s:svg>`, want: open + `<rect></rect></svg>`},
		{name: "DOCTYPE with entities", in: `<!DOCTYPE svg [<!ENTITY e "x">]><svg><text>&e;</text></svg>`, notSVG: true},
		{name: "HTML", in: `<!doctype html><html><svg></svg></html>`, notSVG: true},
		{name: "HTML root", in: `<html><body onload="alert(1)"></body></html>`, notSVG: true},
		{name: "prefixed root of another namespace", in: `<x:svg xmlns:x="http://example.com/"></x:svg>`, notSVG: true},
		{name: "two roots", in: `<svg></svg><svg></svg>`, notSVG: true},
		{name: "unclosed", in: `<svg><rect>`, notSVG: true},
		{name: "not UTF-8", in: "<svg><text>\xff</text></svg>", notSVG: true},
		{name: "other charset", in: `<?xml version="1.0" encoding="UTF-16"?><svg/>`, notSVG: true},
		{name: "too deep", in: "<svg>" + strings.Repeat("<g>", 70) + strings.Repeat("</g>", 70) + "</svg>", notSVG: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, _, err := sanitizeSVG([]byte(tt.in))
			if tt.notSVG {
				if !errors.Is(err, errNotSVG) {
					t.Fatalf("got %s, %v; want not an SVG", got, err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got  %s (%v)\nwant %s", got, err, tt.want)
			}
		})
	}
}

func TestSVGSize(t *testing.T) {
	for in, want := range map[string][2]int{
		`<svg width="120" height="40"/>`:                         {120, 40},
		`<svg width="120px" height="40.4px"/>`:                   {120, 40},
		`<svg width="10cm" height="4cm" viewBox="0 0 300 120"/>`: {300, 120},
		`<svg viewBox="0,0,64.5,32"/>`:                           {65, 32},
		`<svg width="100%" height="100%"/>`:                      {0, 0},
		`<svg viewBox="0 0 -5 10"/>`:                             {0, 0},
	} {
		_, w, h, err := sanitizeSVG([]byte(in))
		if err != nil || w != want[0] || h != want[1] {
			t.Errorf("%s: %d×%d %v, want %v", in, w, h, err, want)
		}
	}
}

// FuzzSanitizeSVG: whatever comes in, what comes out is well-formed XML
// with an <svg> root in which nothing can run or reach another host, and
// cleaning it again changes nothing.
func FuzzSanitizeSVG(f *testing.F) {
	for _, seed := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5" fill="url(#a)"/></svg>`,
		`<svg onload="alert(1)"><script>alert(1)</script></svg>`,
		`<svg><foreignObject><iframe/></foreignObject><a href="javascript:x"><text>t</text></a></svg>`,
		`<svg xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#a"/><image xlink:href="http://x/"/></svg>`,
		`<svg><rect style="fill:url(#a);stroke:url(http://x)"/><style>*{}</style></svg>`,
		`<?xml version="1.0"?><!DOCTYPE svg><svg><!-- c --><text>&amp;&lt;</text></svg>`,
		`<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script/></s:svg>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, _, _, err := sanitizeSVG(in)
		if err != nil {
			return
		}
		checkSafeSVG(t, out)
		again, _, _, err := sanitizeSVG(out)
		if err != nil || string(again) != string(out) {
			t.Fatalf("cleaning twice changes it:\n%s\n%s (%v)", out, again, err)
		}
	})
}

// checkSafeSVG parses a cleaned SVG fully, as a browser would, and fails
// on any element or attribute that could run code or load something.
func checkSafeSVG(t *testing.T, out []byte) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(out)))
	first := true
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("output is not XML: %v\n%s", err, out)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if first && (se.Name.Local != "svg" || se.Name.Space != svgNS) {
			t.Fatalf("root is %v\n%s", se.Name, out)
		}
		first = false
		if se.Name.Space != svgNS || !svgElements[se.Name.Local] {
			t.Fatalf("element %v kept\n%s", se.Name, out)
		}
		for _, a := range se.Attr {
			name, v := strings.ToLower(a.Name.Local), strings.ToLower(a.Value)
			if strings.HasPrefix(name, "on") || (a.Name.Space != "" && a.Name.Space != "xmlns" && a.Name.Space != "http://www.w3.org/XML/1998/namespace") {
				t.Fatalf("attribute %v kept\n%s", a.Name, out)
			}
			if name == "href" && !strings.HasPrefix(v, "#") {
				t.Fatalf("href %q kept\n%s", a.Value, out)
			}
			if strings.Contains(v, "javascript:") || strings.Contains(v, "url(") && !strings.Contains(v, "url(#") {
				t.Fatalf("%s=%q kept\n%s", a.Name.Local, a.Value, out)
			}
		}
	}
}
