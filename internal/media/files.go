package media

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// files keeps originals at <root>/<site_id>/<id> and resized copies at
// <root>/<site_id>/variants/<id>-<width>.<ext>. It is the one place that
// knows where bytes live, so that an object store can take its place.
type files struct {
	root string
}

func (f *files) siteDir(siteID int64) string {
	return filepath.Join(f.root, strconv.FormatInt(siteID, 10))
}

func (f *files) original(siteID, id int64) string {
	return filepath.Join(f.siteDir(siteID), strconv.FormatInt(id, 10))
}

func (f *files) variant(siteID, id int64, width int, ext string) string {
	return filepath.Join(f.siteDir(siteID), "variants", strconv.FormatInt(id, 10)+"-"+strconv.Itoa(width)+ext)
}

// write stores b at path atomically: readers see the whole file or none.
func (f *files) write(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("media dir: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return fmt.Errorf("media file: %w", err)
	}
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("media file: %w", err)
	}
	return nil
}

// remove deletes an image's original and every resized copy of it.
func (f *files) remove(siteID, id int64) error {
	err := os.Remove(f.original(siteID, id))
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	copies, _ := filepath.Glob(filepath.Join(f.siteDir(siteID), "variants", strconv.FormatInt(id, 10)+"-*"))
	for _, c := range copies {
		if rerr := os.Remove(c); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = errors.Join(err, rerr)
		}
	}
	return err
}
