package media

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// testStore is a Store on db with its files in a new temporary data dir.
func testStore(t *testing.T, db *sqldb.DB) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	return NewStore(db, dir), dir
}

// newSite adds a site (and its owner) and returns its ID.
func newSite(t *testing.T, db *sqldb.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	acct, site := sqldb.NewID(), sqldb.NewID()
	if _, err := db.Exec(ctx, `INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', 1, 1)`,
		acct, name+"@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO sites (id, name, title, owner_account_id, theme, plan, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'studio', 'trial', 1, 1)`, site, name, name, acct); err != nil {
		t.Fatal(err)
	}
	return site
}

var business = plans.MustGet(plans.Business)

// picture draws a w×h image whose colours depend on seed, so that two
// seeds never give the same file.
func picture(w, h, seed int, alpha bool) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(255)
			if alpha && x < w/2 {
				a = 80
			}
			img.Set(x, y, color.NRGBA{uint8(x*7 + seed), uint8(y*3 + seed*5), uint8((x ^ y) + seed), a})
		}
	}
	return img
}

// noise is a w×h picture of random pixels, which PNG cannot compress.
func noise(w, h int, seed uint64) image.Image {
	r := rand.New(rand.NewPCG(seed, seed))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.Uint32())
	}
	return img
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gifBytes(t testing.TB, frames int) []byte {
	t.Helper()
	pal := color.Palette{color.Black, color.White, color.RGBA{200, 40, 40, 255}}
	var g gif.GIF
	for i := range frames {
		p := image.NewPaletted(image.Rect(0, 0, 400, 200), pal)
		p.SetColorIndex(i, i, 2)
		g.Image = append(g.Image, p)
		g.Delay = append(g.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, &g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webpLossless is a 1×1 lossless WebP.
func webpLossless(t testing.TB) []byte {
	b, err := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withOrientation inserts an EXIF segment saying orientation o right after
// a JPEG's start marker, as a phone camera writes it.
func withOrientation(j []byte, o uint16) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")
	_ = binary.Write(&tiff, binary.BigEndian, uint32(8))
	_ = binary.Write(&tiff, binary.BigEndian, uint16(1))           // one entry
	_ = binary.Write(&tiff, binary.BigEndian, []uint16{0x0112, 3}) // orientation, SHORT
	_ = binary.Write(&tiff, binary.BigEndian, uint32(1))           // count
	_ = binary.Write(&tiff, binary.BigEndian, []uint16{o, 0})      // value, padded
	_ = binary.Write(&tiff, binary.BigEndian, uint32(0))           // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(j[:2])
	out.Write([]byte{0xff, 0xe1})
	_ = binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(j[2:])
	return out.Bytes()
}

// storedFiles lists every file under the data dir's media folder.
func storedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	root := filepath.Join(dir, "media")
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

func count(t *testing.T, db *sqldb.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
