// Package signup creates a new customer's account, site, trial and the
// chosen design's starter pages in one transaction, so that a person who
// submits the form either gets a live site or gets nothing at all.
package signup

import (
	"context"
	"fmt"
	"strings"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/plans"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/themes"
)

// TermsVersion is the version of the Terms & Conditions a person accepts
// by signing up; it is stored with the time of acceptance.
const TermsVersion = "2026-11-01"

// Service signs people up.
type Service struct {
	DB       *sqldb.DB
	Accounts *accounts.Store
	Sites    *sites.Store
	Pages    *pages.Store
	Captcha  *captcha.Store
	Themes   *themes.Set
	// Outbox sends the welcome e-mail in the signup's transaction;
	// SiteURL and PlatformURL make its links.
	Outbox      *mail.Outbox
	SiteURL     func(name string) string
	PlatformURL string
}

// Input is the signup form.
type Input struct {
	Name          string // the site name: NAME.<base domain>
	Email         string
	Password      string
	AcceptTerms   bool
	Theme         string
	CaptchaID     string
	CaptchaAnswer string
	// Honeypot is a field hidden from people; a bot fills it in.
	Honeypot string
}

// Result is what a successful signup made.
type Result struct {
	Account accounts.Account
	Site    sites.Site
	// LoginToken logs the new owner into the site's admin on its own host.
	LoginToken string
}

// Signup validates everything, checks the captcha (which is used up either
// way) and creates the account, the site with its trial, the owner's
// membership and the starter pages together.
func (s *Service) Signup(ctx context.Context, in Input) (Result, error) {
	var v fault.Invalid
	name, problem, err := s.Sites.NameProblem(ctx, in.Name)
	if err != nil {
		return Result{}, err
	}
	if problem != "" {
		v.Add("name", problem)
	}
	email, emailProblem := accounts.NormalizeEmail(in.Email)
	if emailProblem != "" {
		v.Add("email", emailProblem)
	} else if _, err := s.Accounts.ByEmail(ctx, email); err == nil {
		v.Add("email", "An account with this e-mail already exists. Log in instead.")
	}
	if p := accounts.PasswordProblem(in.Password, email); p != "" {
		v.Add("password", p)
	}
	if !in.AcceptTerms {
		v.Add("terms", "Please agree with the Terms & Conditions to create your site.")
	}
	if _, ok := s.Themes.Get(in.Theme); !ok {
		v.Add("theme", "Choose one of the designs.")
	}
	// The captcha is checked last and always, so a bot learns nothing from
	// which other field failed, and a solved captcha is never reusable.
	human := strings.TrimSpace(in.Honeypot) == "" && s.Captcha.Verify(ctx, in.CaptchaID, in.CaptchaAnswer)
	if !human {
		v.Add("captcha", "The characters did not match. Please type the digits in the new picture.")
	}
	if err := v.Err(); err != nil {
		return Result{}, err
	}
	return s.Create(ctx, NewSite{Name: name, Email: email, Password: in.Password, Theme: in.Theme, Plan: plans.Trial, Welcome: true})
}

// NewSite is a site with a new owner account, already checked by Signup
// (or made by the platform itself: the demo site, tests).
type NewSite struct {
	Name, Email, Password, Theme string
	Plan                         plans.ID
	// Welcome sends the new owner the welcome e-mail.
	Welcome bool
}

// Create writes the account, the site, the owner's membership, the starter
// pages, the login hand-over token and the welcome e-mail in one
// transaction: a signup either gets a live site or nothing at all.
func (s *Service) Create(ctx context.Context, n NewSite) (Result, error) {
	name, email, password, theme, plan, welcome := n.Name, n.Email, n.Password, n.Theme, n.Plan, n.Welcome
	if theme == "" {
		theme = s.Themes.Default()
	}
	var res Result
	err := s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		acct, err := s.Accounts.CreateTx(ctx, tx, email, password, TermsVersion)
		if err != nil {
			return err
		}
		site, err := s.Sites.CreateTx(ctx, tx, sites.NewSite{Name: name, Title: titleFromName(name), OwnerID: acct.ID,
			Theme: theme, ContactEmail: email, Plan: plan})
		if err != nil {
			return err
		}
		if err := s.Accounts.AddMemberTx(ctx, tx, site.ID, acct.ID, accounts.RoleOwner); err != nil {
			return err
		}
		for _, sp := range s.Themes.StarterPages(theme, themes.StarterData{Title: site.Title, Language: site.Language,
			Currency: site.Currency, PublicEmail: site.PublicEmail}) {
			_, err := s.Pages.CreateTx(ctx, tx, site.ID, plans.MustGet(plans.Premium), pages.Input{
				Slug: sp.Slug, Title: sp.Title, Body: string(sp.Body), InNav: sp.InNav})
			if err != nil {
				return fmt.Errorf("starter page %q: %w", sp.Slug, err)
			}
		}
		token, err := s.Accounts.NewTokenTx(ctx, tx, acct.ID, accounts.PurposeLogin, site.ID)
		if err != nil {
			return err
		}
		if welcome {
			if _, err := s.Outbox.Send(ctx, tx, s.welcome(acct.Email, site)); err != nil {
				return err
			}
		}
		res = Result{Account: acct, Site: site, LoginToken: token}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// titleFromName makes a first site title from its name: "bakery-anna" →
// "Bakery Anna". The owner changes it in the settings.
func titleFromName(name string) string {
	words := strings.Split(name, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// welcome is the e-mail a new owner gets: where the site and its admin are,
// and what the trial means.
func (s *Service) welcome(to string, site sites.Site) mail.Message {
	url := s.SiteURL(site.Name)
	return mail.Message{SiteID: site.ID, To: to, Subject: "Your site " + site.Title + " is live",
		Text: fmt.Sprintf("Welcome to Pagecart!\n\nYour site is live at %s\nIts admin is at %s/admin: log in there with this e-mail address.\n\n"+
			"For 15 days (until %s) your site has every Business feature. Choose a plan in the admin whenever you like;\n"+
			"if you do not, the site moves to the Free plan and nothing is deleted.\n\nHelp: %s/help\n",
			url, url, site.TrialEndsAt.Format("2 January 2006"), s.PlatformURL)}
}
