package signup

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/sites"
)

const msgCaptcha = "The characters did not match. Please type the digits in the new picture."

// human checks the captcha and the hidden field, using the captcha up.
func (s *Service) human(ctx context.Context, in SiteInput) bool {
	return strings.TrimSpace(in.Honeypot) == "" && s.Captcha.Verify(ctx, in.CaptchaID, in.CaptchaAnswer)
}

// checkSite validates the site part of a form: its business name, its
// address (suggested from the business name when left empty) and design.
// It returns the messages so far and the site as far as it is known.
func (s *Service) checkSite(ctx context.Context, in SiteInput) (*fault.Invalid, NewSite, error) {
	v := &fault.Invalid{}
	title := strings.Join(strings.Fields(in.Title), " ")
	switch {
	case !utf8.ValidString(title):
		v.Add("title", "The name contains characters that are not valid text. Type it again.")
	case title == "" && strings.TrimSpace(in.Name) == "":
		// A title alone is enough (the address is suggested from it), and
		// so is an address alone (the title is made from it).
		v.Add("title", "Give your business or site a name, as you would write it.")
	case utf8.RuneCountInString(title) > 100:
		v.Add("title", "Use at most 100 characters.")
	}
	name := strings.TrimSpace(in.Name)
	if name == "" && title != "" {
		suggested, err := s.Sites.FreeName(ctx, sites.SuggestName(title))
		if err != nil {
			return nil, NewSite{}, err
		}
		if suggested == "" {
			v.Add("name", "Choose an address for your site: letters a–z, digits and hyphens.")
		}
		name = suggested
	} else {
		normalized, problem, err := s.Sites.NameProblem(ctx, name)
		if err != nil {
			return nil, NewSite{}, err
		}
		if problem != "" {
			v.Add("name", problem)
		}
		name = normalized
	}
	if _, ok := s.Themes.Get(in.Theme); !ok {
		v.Add("theme", "Choose one of the designs.")
	}
	return v, NewSite{Name: name, Title: title, Theme: in.Theme}, nil
}
