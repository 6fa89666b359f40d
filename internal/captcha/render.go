package captcha

import (
	"context"
	"fmt"
	"io"

	dcaptcha "github.com/dchest/captcha"
)

// values turns stored digits into the values 0 to 9 that dchest/captcha
// draws and speaks.
func values(digits string) []byte {
	b := []byte(digits)
	for i := range b {
		b[i] -= '0'
	}
	return b
}

// WriteImage writes the captcha as a PNG picture.
func (s *Store) WriteImage(ctx context.Context, w io.Writer, id string) error {
	digits, err := s.digits(ctx, id)
	if err != nil {
		return err
	}
	if _, err := dcaptcha.NewImage(id, values(digits), ImageWidth, ImageHeight).WriteTo(w); err != nil {
		return fmt.Errorf("write captcha image: %w", err)
	}
	return nil
}

// WriteAudio writes the captcha as spoken digits in a WAV file, for people
// who cannot see the picture. lang is one of "en", "ja", "ru", "zh" and
// "pt"; any other falls back to English.
func (s *Store) WriteAudio(ctx context.Context, w io.Writer, id, lang string) error {
	digits, err := s.digits(ctx, id)
	if err != nil {
		return err
	}
	switch lang {
	case "en", "ja", "ru", "zh", "pt":
	default:
		lang = "en"
	}
	if _, err := dcaptcha.NewAudio(id, values(digits), lang).WriteTo(w); err != nil {
		return fmt.Errorf("write captcha audio: %w", err)
	}
	return nil
}
