package themes

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"io/fs"
	"path"
	"sort"
)

// assetPrefix is where the storefront serves the designs' files.
const assetPrefix = "/assets/theme/"

// assetVersion is the hash of the designs' public files: the first 12 hex
// digits of the SHA-256 of every file's name and content in name order.
// Any change to any file moves it, so an address that carries it can be
// cached for ever; relative references inside a stylesheet stay under it.
func assetVersion(fsys fs.FS) (string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isPublic(path.Ext(p)) {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
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

// AssetVersion is the hash in the designs' file addresses; the storefront
// serves the files under it.
func (s *Set) AssetVersion() string { return s.assetVersion }

// AssetURL is the content-hashed address of a design file, such as
// "bakery/thumbnail.png" or "consent.js".
func (s *Set) AssetURL(file string) string { return s.assetRoot + file }

// bindAssets points every design's "asset" function at the hashed root.
func (s *Set) bindAssets() {
	for _, d := range s.byName {
		d.tmpl.Funcs(template.FuncMap{"asset": s.AssetURL})
	}
}

// isPublic reports whether a browser may fetch a file with this extension. Everything else in the
// embedded tree (templates, manifests, page bodies) is an implementation detail.
func isPublic(ext string) bool {
	switch ext {
	case ".css", ".svg", ".png", ".js", ".woff2", ".txt": // .txt: the fonts' licences
		return true
	}
	return false
}

// assetFS exposes only the public files of the designs. Directories cannot be opened either, so a file
// server built on it never lists a directory.
type assetFS struct{ fsys fs.FS }

// Open opens a public file, or fails with fs.ErrNotExist as if nothing else were there.
func (a assetFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) || !isPublic(path.Ext(name)) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err := a.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || st.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f, nil
}

// ReadDir lists a folder's sub-folders and public files, so that the
// storefront can read every asset once at start; Open still refuses
// folders, so no file server lists one.
func (a assetFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(a.fsys, name)
	if err != nil {
		return nil, err
	}
	var out []fs.DirEntry
	for _, e := range entries {
		if e.IsDir() || isPublic(path.Ext(e.Name())) {
			out = append(out, e)
		}
	}
	return out, nil
}
