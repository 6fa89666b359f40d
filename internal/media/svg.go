package media

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An SVG is a document that a browser runs: it may carry scripts, event
// handlers, links to other hosts and whole HTML pages (foreignObject). The
// library keeps only drawing: the document is parsed as XML and written out
// again from an allow-list of elements and attributes, so anything not
// known to be harmless, including whatever a parser quirk might smuggle
// through, is left out rather than filtered.

const svgNS = "http://www.w3.org/2000/svg"
const xlinkNS = "http://www.w3.org/1999/xlink"

// svgElements are the elements kept. Anything else is dropped with
// everything inside it (script, foreignObject, image, a, style, animate,
// set, feImage, iframe…).
var svgElements = setOf(
	"svg", "g", "defs", "title", "desc", "symbol", "use", "switch",
	"path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
	"text", "tspan", "textPath",
	"linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
	"filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feFlood",
	"feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset",
	"feFuncA", "feFuncR", "feFuncG", "feFuncB", "feDropShadow",
)

// svgAttributes are the attributes kept (without a namespace). Event
// handlers (on*) are not among them; href is handled on its own.
var svgAttributes = setOf(
	"id", "class", "style", "version", "viewBox", "preserveAspectRatio", "x", "y", "width", "height",
	"x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points", "pathLength",
	"transform", "opacity", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
	"stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
	"color", "display", "visibility", "overflow", "clip-path", "clip-rule", "clipPathUnits", "mask",
	"maskUnits", "maskContentUnits", "marker-start", "marker-mid", "marker-end", "markerWidth",
	"markerHeight", "markerUnits", "refX", "refY", "orient", "offset", "stop-color", "stop-opacity",
	"gradientUnits", "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits",
	"patternTransform", "font-family", "font-size", "font-style", "font-weight", "font-variant",
	"letter-spacing", "word-spacing", "text-anchor", "text-decoration", "dominant-baseline",
	"alignment-baseline", "baseline-shift", "dx", "dy", "rotate", "textLength", "lengthAdjust",
	"startOffset", "filter", "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation",
	"mode", "type", "values", "tableValues", "slope", "intercept", "amplitude", "exponent", "operator",
	"k1", "k2", "k3", "k4", "radius", "flood-color", "flood-opacity", "lighting-color",
	"color-interpolation-filters", "vector-effect", "shape-rendering", "text-rendering",
	"image-rendering", "mix-blend-mode", "paint-order", "isolation", "xml:space", "lang",
)

// Bounds on what the parser accepts: a drawing deeper or larger than this
// is not a logo or an illustration but an attack on the browser.
const (
	svgMaxDepth    = 64
	svgMaxElements = 100_000
)

var errNotSVG = errors.New("not an SVG document")

// sanitizeSVG parses b as an SVG document and returns it rewritten with
// only safe elements and attributes, and its size in pixels when the
// document says (from width and height, else from viewBox; 0 if neither).
// It fails with errNotSVG when b is not XML whose root is <svg>.
func sanitizeSVG(b []byte) (out []byte, width, height int, err error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		return nil, 0, 0, errNotSVG
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	// Only UTF-8 (and its subset ASCII) is read; other charsets are refused.
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return input, nil
		}
		return nil, errNotSVG
	}
	var w bytes.Buffer
	depth, skip, elements := 0, 0, 0 // skip > 0 while inside a dropped element
	rootSeen, rootClosed := false, false
	var open []xml.Name // RawToken does not check that end tags match
	svgPrefix := ""     // a prefix the root binds to the SVG namespace, as in <s:svg xmlns:s=…>
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, 0, errNotSVG
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if rootClosed {
				return nil, 0, 0, errNotSVG
			}
			depth++
			elements++
			open = append(open, t.Name)
			if depth > svgMaxDepth || elements > svgMaxElements {
				return nil, 0, 0, errNotSVG
			}
			if !rootSeen {
				rootSeen = true
				if t.Name.Local != "svg" || (t.Name.Space != "" && !isSVGPrefix(t)) {
					return nil, 0, 0, errNotSVG
				}
				svgPrefix = t.Name.Space
				width, height = svgSize(t.Attr)
			}
			if skip > 0 || !keepElement(t, svgPrefix) {
				skip++
				continue
			}
			writeStart(&w, t, depth == 1)
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return nil, 0, 0, errNotSVG
			}
			open = open[:len(open)-1]
			depth--
			if depth == 0 {
				rootClosed = true
			}
			if skip > 0 {
				skip--
				continue
			}
			w.WriteString("</" + t.Name.Local + ">")
		case xml.CharData:
			if skip > 0 || depth == 0 {
				continue
			}
			_ = xml.EscapeText(&w, t)
		case xml.Comment, xml.ProcInst, xml.Directive:
			// Dropped: a DOCTYPE may declare entities, a processing
			// instruction may name a stylesheet.
		}
	}
	if !rootSeen || !rootClosed || depth != 0 {
		return nil, 0, 0, errNotSVG
	}
	return w.Bytes(), width, height, nil
}

// isSVGPrefix reports whether a prefixed root (<svg:svg xmlns:svg=…>)
// declares the SVG namespace for its prefix. RawToken does not resolve
// prefixes, so the declaration is looked up here.
func isSVGPrefix(t xml.StartElement) bool {
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" && a.Name.Local == t.Name.Space {
			return a.Value == svgNS
		}
	}
	return false
}

// keepElement reports whether an element is kept. Elements of another
// vocabulary (xhtml:div) are dropped; those with the root's own SVG
// prefix are SVG.
func keepElement(t xml.StartElement, svgPrefix string) bool {
	if t.Name.Space != "" && t.Name.Space != svgPrefix {
		return false
	}
	return svgElements[t.Name.Local]
}

// writeStart writes an element's start tag with its safe attributes; the
// root declares the SVG namespace, which every kept element is in.
func writeStart(w *bytes.Buffer, t xml.StartElement, root bool) {
	w.WriteString("<" + t.Name.Local)
	if root {
		w.WriteString(` xmlns="` + svgNS + `"`)
	}
	seen := map[string]bool{}
	for _, a := range t.Attr {
		name, value, ok := safeAttr(a)
		if !ok || seen[name] {
			continue
		}
		seen[name] = true
		w.WriteString(" " + name + `="`)
		writeAttrValue(w, value)
		w.WriteByte('"')
	}
	w.WriteByte('>')
}

// safeAttr returns the name and value to write for an attribute, or false
// to drop it.
func safeAttr(a xml.Attr) (string, string, bool) {
	name := a.Name.Local
	switch a.Name.Space {
	case "":
	case "xlink":
		if name != "href" {
			return "", "", false
		}
	case "xml":
		name = "xml:" + name
	default:
		return "", "", false
	}
	if name == "href" {
		// Only a reference to something in the same document.
		v := strings.TrimSpace(a.Value)
		if !strings.HasPrefix(v, "#") || !plainFragment(v[1:]) {
			return "", "", false
		}
		return "href", v, true
	}
	if !svgAttributes[name] {
		return "", "", false
	}
	if !safeValue(a.Value) {
		return "", "", false
	}
	return name, a.Value, true
}

// plainFragment reports whether s is an ID a reference may point at.
func plainFragment(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for _, c := range s {
		if !(c == '-' || c == '_' || c == '.' || c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// safeValue refuses values that could reach outside the document or run
// something: url() other than url(#id), CSS imports and escapes (which
// could spell either in disguise), and script URLs.
func safeValue(v string) bool {
	l := strings.ToLower(v)
	if strings.ContainsAny(l, "\\<>") || strings.Contains(l, "@import") || strings.Contains(l, "expression") ||
		strings.Contains(l, "javascript:") || strings.Contains(l, "data:") || strings.Contains(l, "behavior") ||
		strings.Contains(l, "binding") || strings.Contains(l, "&") {
		return false
	}
	for rest := l; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return true
		}
		rest = strings.TrimLeft(rest[i+4:], " \t\r\n\"'")
		end := strings.IndexAny(rest, ")\"' \t\r\n")
		if !strings.HasPrefix(rest, "#") || end < 0 || !plainFragment(rest[1:end]) {
			return false
		}
	}
}

// writeAttrValue escapes a value for a double-quoted attribute.
func writeAttrValue(w *bytes.Buffer, v string) {
	for _, c := range v {
		switch c {
		case '&':
			w.WriteString("&amp;")
		case '<':
			w.WriteString("&lt;")
		case '>':
			w.WriteString("&gt;")
		case '"':
			w.WriteString("&quot;")
		case '\n':
			w.WriteString("&#xA;")
		case '\r':
			w.WriteString("&#xD;")
		case '\t':
			w.WriteString("&#x9;")
		default:
			w.WriteRune(c)
		}
	}
}

// svgSize reads the drawing's size from the root's width and height (in
// pixels, or unitless), else from its viewBox.
func svgSize(attrs []xml.Attr) (int, int) {
	var wv, hv, vb string
	for _, a := range attrs {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "width":
			wv = a.Value
		case "height":
			hv = a.Value
		case "viewBox":
			vb = a.Value
		}
	}
	if w, h := pixels(wv), pixels(hv); w > 0 && h > 0 {
		return w, h
	}
	f := strings.FieldsFunc(vb, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '\r' })
	if len(f) == 4 {
		w, err1 := strconv.ParseFloat(f[2], 64)
		h, err2 := strconv.ParseFloat(f[3], 64)
		if err1 == nil && err2 == nil && w > 0 && h > 0 && w < 1e6 && h < 1e6 {
			return int(math.Round(w)), int(math.Round(h))
		}
	}
	return 0, 0
}

// pixels reads "120", "120px" or "120.5"; other units are not pixels.
func pixels(v string) int {
	v = strings.TrimSuffix(strings.TrimSpace(v), "px")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 || f >= 1e6 {
		return 0
	}
	return int(math.Round(f))
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
