package captcha_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/sqldb/sqldbtest"
)

// clock is a time the test moves by hand.
type clock struct{ ms atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ms.Store(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).UnixMilli())
	return c
}

func (c *clock) now() time.Time          { return time.UnixMilli(c.ms.Load()).UTC() }
func (c *clock) advance(d time.Duration) { c.ms.Add(d.Milliseconds()) }

// spaced writes digits the way a person might type them: "12 34 56".
func spaced(d string) string { return d[:2] + " " + d[2:4] + " " + d[4:] }

// wrong returns an answer that differs from d in its last digit.
func wrong(d string) string {
	last := (d[len(d)-1]-'0'+1)%10 + '0'
	return d[:len(d)-1] + string(rune(last))
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name   string
		answer func(digits string) string
		wait   time.Duration
		want   bool
	}{
		{"right", func(d string) string { return d }, 0, true},
		{"right with spaces", spaced, 0, true},
		{"wrong", wrong, 0, false},
		{"empty", func(string) string { return "" }, 0, false},
		{"one digit short", func(d string) string { return d[:5] }, 0, false},
		{"right but late", func(d string) string { return d }, captcha.Lifetime, false},
		{"right just in time", func(d string) string { return d }, captcha.Lifetime - time.Second, true},
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				clk := newClock()
				s := captcha.NewStore(db).WithClock(clk.now)
				id, err := s.New(ctx)
				if err != nil {
					t.Fatal(err)
				}
				digits, err := s.DigitsForTest(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if len(digits) != captcha.Length || strings.Trim(digits, "0123456789") != "" {
					t.Fatalf("digits %q", digits)
				}
				clk.advance(tt.wait)
				if got := s.Verify(ctx, id, tt.answer(digits)); got != tt.want {
					t.Fatalf("Verify = %v, want %v", got, tt.want)
				}
				// One use: whatever the first answer, the right one now fails.
				if s.Verify(ctx, id, digits) {
					t.Fatal("a captcha verified twice")
				}
				if _, err := s.DigitsForTest(ctx, id); !errors.Is(err, captcha.ErrNotFound) {
					t.Fatalf("after Verify: %v", err)
				}
			})
		}
		t.Run("concurrent answers", func(t *testing.T) {
			s := captcha.NewStore(db)
			id, err := s.New(ctx)
			if err != nil {
				t.Fatal(err)
			}
			digits, err := s.DigitsForTest(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			var passed atomic.Int32
			for range 8 {
				wg.Go(func() {
					if s.Verify(ctx, id, digits) {
						passed.Add(1)
					}
				})
			}
			wg.Wait()
			if n := passed.Load(); n != 1 {
				t.Fatalf("%d of 8 concurrent right answers passed, want 1", n)
			}
		})
		t.Run("unknown", func(t *testing.T) {
			if captcha.NewStore(db).Verify(ctx, "no-such-id", "123456") {
				t.Fatal("an unknown captcha verified")
			}
		})
	})
}

func TestReloadChangesDigitsAndKeepsID(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := newClock()
		s := captcha.NewStore(db).WithClock(clk.now)
		id, err := s.New(ctx)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := s.DigitsForTest(ctx, id)
		// One draw in a million repeats the digits; a few tries rule it out.
		var after string
		for range 5 {
			clk.advance(captcha.Lifetime / 2)
			if err := s.Reload(ctx, id); err != nil {
				t.Fatal(err)
			}
			if after, err = s.DigitsForTest(ctx, id); err != nil {
				t.Fatalf("reloading must renew the lifetime: %v", err)
			}
			if after != before {
				break
			}
		}
		if after == before {
			t.Fatalf("Reload kept the digits %q", before)
		}
		if s.Verify(ctx, id, before) {
			t.Fatal("the old digits still verify")
		}
		if err := s.Reload(ctx, id); !errors.Is(err, captcha.ErrNotFound) {
			t.Fatalf("Reload of a used captcha = %v", err)
		}
	})
}

func TestNewSweepsExpired(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := newClock()
		old := captcha.NewStore(db).WithClock(clk.now)
		for range 3 {
			if _, err := old.New(ctx); err != nil {
				t.Fatal(err)
			}
		}
		clk.advance(captcha.Lifetime)
		// A fresh store sweeps on its first New.
		if _, err := captcha.NewStore(db).WithClock(clk.now).New(ctx); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM captchas`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%d captchas left, want only the new one", n)
		}
	})
}

func TestWriteImageAndAudio(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := newClock()
		s := captcha.NewStore(db).WithClock(clk.now)
		id, err := s.New(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var img bytes.Buffer
		if err := s.WriteImage(ctx, &img, id); err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(&img)
		if err != nil {
			t.Fatalf("image is not a PNG: %v", err)
		}
		if cfg.Width != captcha.ImageWidth || cfg.Height != captcha.ImageHeight {
			t.Fatalf("image is %dx%d", cfg.Width, cfg.Height)
		}
		for _, lang := range []string{"en", "ru", "xx", ""} {
			var wav bytes.Buffer
			if err := s.WriteAudio(ctx, &wav, id, lang); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(wav.Bytes(), []byte("RIFF")) || !bytes.Contains(wav.Bytes()[:16], []byte("WAVE")) {
				t.Fatalf("audio (%q) is not a WAV file: % x", lang, wav.Bytes()[:16])
			}
		}
		for name, write := range map[string]func(id string) error{
			"image": func(id string) error { return s.WriteImage(ctx, &bytes.Buffer{}, id) },
			"audio": func(id string) error { return s.WriteAudio(ctx, &bytes.Buffer{}, id, "en") },
		} {
			if err := write("no-such-id"); !errors.Is(err, captcha.ErrNotFound) {
				t.Errorf("%s of an unknown captcha = %v", name, err)
			}
		}
		clk.advance(captcha.Lifetime)
		if err := s.WriteImage(ctx, &bytes.Buffer{}, id); !errors.Is(err, captcha.ErrNotFound) {
			t.Errorf("image of an expired captcha = %v", err)
		}
	})
}
