package themes

import (
	"io/fs"
	"path"
)

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
