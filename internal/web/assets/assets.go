// Package assets serves a tree of embedded files (the designs' stylesheets
// and pictures, the admin's scripts) under content-hashed addresses such as
// /assets/theme/3f9a0c1b2d4e/bakery/style.css. The hash is of the whole
// tree, so a stylesheet's relative url("art-a.svg") stays under the same
// hash, and a new binary with any file changed moves every address: such an
// address is cached by browsers for a year and never asked for again. The
// same files at their plain address (/assets/theme/bakery/style.css, which
// older pages and other branches' templates still use) are served with a
// short cache. Text files are sent compressed, each coding made once.
package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/web/compress"
)

// Cache-Control of the two kinds of address.
const (
	Immutable = "public, max-age=31536000, immutable"
	// Short is for plain addresses and unknown hashes (a page made by
	// another version of the program during a rolling update): the file
	// may change under them.
	Short = "public, max-age=3600"
)

// Files is a tree of files with its version.
type Files struct {
	prefix   string
	version  string
	files    map[string]*file
	notFound http.Handler
}

type file struct {
	ctype    string
	etag     string
	variants *compress.Variants
}

// Version returns the hash of the tree: the first 12 hex digits of the
// SHA-256 of every file's name and content, in name order.
func Version(fsys fs.FS) (string, error) {
	names, err := list(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return "", err
		}
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// list names the files of fsys a browser may fetch, in order. A file
// fsys refuses to open (a template of the designs) is no asset.
func list(fsys fs.FS) ([]string, error) {
	var names []string
	var walk func(dir string) error
	walk = func(dir string) error {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			if e.IsDir() {
				if err := walk(p); err != nil {
					return err
				}
				continue
			}
			if f, err := fsys.Open(p); err == nil {
				f.Close()
				names = append(names, p)
			}
		}
		return nil
	}
	// Not fs.WalkDir: it opens the root, which a tree that refuses to open
	// folders (the designs') does not allow.
	err := walk(".")
	sort.Strings(names)
	return names, err
}

// New reads every file of fsys, to be served under prefix ("/assets/theme/").
// version is the tree's hash when its owner made it already (the themes
// put it in their pages), "" to compute it here. notFound answers an
// address that names no file.
func New(fsys fs.FS, prefix, version string, notFound http.Handler) (*Files, error) {
	names, err := list(fsys)
	if err != nil {
		return nil, err
	}
	v := version
	if v == "" {
		if v, err = Version(fsys); err != nil {
			return nil, err
		}
	}
	if notFound == nil {
		notFound = http.NotFoundHandler()
	}
	f := &Files{prefix: prefix, version: v, files: map[string]*file{}, notFound: notFound}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		ct := mime.TypeByExtension(path.Ext(n))
		if path.Ext(n) == ".woff2" {
			// Web fonts are not in Go's own table of types, and the
			// system's may lack them.
			ct = "font/woff2"
		}
		if ct == "" {
			ct = http.DetectContentType(b)
		}
		sum := sha256.Sum256(b)
		f.files[n] = &file{ctype: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, variants: compress.NewVariants(b, ct)}
	}
	return f, nil
}

// Version is the tree's hash, as in its addresses.
func (f *Files) Version() string { return f.version }

// Base is the hashed address of the tree's root, ending in "/".
func (f *Files) Base() string { return f.prefix + f.version + "/" }

// URL is the hashed address of the file called name ("bakery/style.css").
func (f *Files) URL(name string) string { return f.Base() + name }

// ServeHTTP serves a file at its hashed or plain address, or answers
// through notFound.
func (f *Files) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !f.Serve(w, r) {
		f.notFound.ServeHTTP(w, r)
	}
}

// Serve serves the file the request names, at its hashed or plain
// address, and reports whether there was one; it writes nothing if not.
func (f *Files) Serve(w http.ResponseWriter, r *http.Request) bool {
	rest, ok := strings.CutPrefix(r.URL.Path, f.prefix)
	if !ok {
		return false
	}
	cache := Short
	if first, after, found := strings.Cut(rest, "/"); found && isHash(first) {
		if _, plain := f.files[rest]; !plain {
			rest = after
			if first == f.version {
				cache = Immutable
			}
		}
	}
	fl, ok := f.files[rest]
	if !ok {
		return false
	}
	fl.serve(w, r, cache)
	return true
}

// isHash reports whether s looks like a tree's version: 12 lower-case hex
// digits.
func isHash(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// serve answers with the file: a range of it uncompressed (ServeContent
// does ranges and conditional requests), otherwise the whole of it in the
// best coding the client accepts, or 304 when the client has that one.
func (fl *file) serve(w http.ResponseWriter, r *http.Request, cache string) {
	h := w.Header()
	h.Set("Content-Type", fl.ctype)
	h.Set("Cache-Control", cache)
	h.Set("X-Content-Type-Options", "nosniff")
	if !fl.variants.Compressible() || r.Header.Get("Range") != "" {
		if fl.variants.Compressible() {
			h.Add("Vary", "Accept-Encoding")
		}
		h.Set("Etag", fl.etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(fl.variants.Body()))
		return
	}
	h.Add("Vary", "Accept-Encoding")
	b, enc := fl.variants.Bytes(compress.Negotiate(r.Header.Get("Accept-Encoding")))
	etag := fl.etag
	if enc != compress.Identity {
		etag = etag[:len(etag)-1] + "-" + enc.Token() + `"`
		h.Set("Content-Encoding", enc.Token())
	}
	h.Set("Etag", etag)
	if noneMatch(r.Header.Get("If-None-Match"), etag) {
		h.Del("Content-Type")
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}

// noneMatch reports whether an If-None-Match header names etag (the weak
// comparison RFC 9110 asks for this header).
func noneMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
