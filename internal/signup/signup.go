// Package signup creates a new customer's account, site, trial and the
// chosen design's starter pages in one transaction, so that a person who
// submits the form either gets a live site or gets nothing at all.
package signup

import (
	"context"
	"errors"
	"fmt"
	"github.com/pagecart/pagecart/internal/blog"
	"strings"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/media"
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
	// Catalog gives a new shop its sample products, and the demo site its
	// products; Media holds the demo products' pictures.
	Catalog *catalog.Store
	Media   *media.Store
	// Blog gives a new blog-kind site (Journal) its sample posts, which
	// the design's article cards link to.
	Blog *blog.Store
	// Outbox sends the welcome e-mail in the signup's transaction;
	// SiteURL and PlatformURL make its links.
	Outbox      *mail.Outbox
	SiteURL     func(name string) string
	PlatformURL string
}

// Input is the signup form of a person without an account.
type Input struct {
	SiteInput
	Email       string
	Password    string
	AcceptTerms bool
}

// SiteInput is what every new site needs, whoever creates it.
type SiteInput struct {
	// Title is the business name as people write it ("Rosie Bakes!"); it
	// becomes the site's title.
	Title string
	// Name is the address, NAME.<base domain>; when empty it is suggested
	// from Title (the first free of "rosie-bakes", "rosie-bakes-2", …).
	Name          string
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

// ErrAccountExists is part of the error of a signup whose e-mail already
// has an account (with a solved captcha): the page then offers to log in
// and carry on with what the person chose.
var ErrAccountExists = errors.New("an account with this e-mail exists")

// MsgAccountExists is the e-mail field's message for ErrAccountExists.
const MsgAccountExists = "An account with this e-mail already exists. Log in to add this site to it."

// Signup validates everything, checks the captcha (which is used up either
// way) and creates the account, the site with its trial, the owner's
// membership and the starter pages together.
func (s *Service) Signup(ctx context.Context, in Input) (Result, error) {
	// The captcha is checked first and always: a bot learns nothing from
	// which other field failed, a solved captcha is never reusable, and
	// whether an e-mail has an account is said only to a person.
	human := s.human(ctx, in.SiteInput)
	v, site, err := s.checkSite(ctx, in.SiteInput)
	if err != nil {
		return Result{}, err
	}
	email, emailProblem := accounts.NormalizeEmail(in.Email)
	if emailProblem != "" {
		v.Add("email", emailProblem)
	}
	if p := accounts.PasswordProblem(in.Password, email); p != "" {
		v.Add("password", p)
	}
	if !in.AcceptTerms {
		v.Add("terms", "Please agree with the Terms & Conditions to create your site.")
	}
	if !human {
		v.Add("captcha", msgCaptcha)
		return Result{}, v.Err()
	}
	if emailProblem == "" {
		if _, err := s.Accounts.ByEmail(ctx, email); err == nil {
			v.Add("email", MsgAccountExists)
			return Result{}, errors.Join(v.Err(), ErrAccountExists)
		} else if !errors.Is(err, accounts.ErrNotFound) {
			return Result{}, err
		}
	}
	if err := v.Err(); err != nil {
		return Result{}, err
	}
	site.Email, site.Password, site.Plan, site.Welcome = email, in.Password, plans.Trial, true
	return s.Create(ctx, site)
}

// NewSite is a site with a new owner account, already checked by Signup
// (or made by the platform itself: the demo site, tests).
type NewSite struct {
	Name, Title, Email, Password, Theme string
	Plan                                plans.ID
	// Welcome sends the new owner the welcome e-mail.
	Welcome bool
	// NoSamples leaves a shop design's sample products out (the demo site
	// gets a whole shop instead; tests start from an empty catalog).
	NoSamples bool
}

// Create writes the account, the site, the owner's membership, the starter
// pages, the login hand-over token and the welcome e-mail in one
// transaction: a signup either gets a live site or nothing at all. The
// password is hashed before the transaction begins: on SQLite the
// transaction holds the only writer, and every page save of the platform
// would wait behind the hash.
func (s *Service) Create(ctx context.Context, n NewSite) (Result, error) {
	cred, err := s.Accounts.NewCredential(ctx, n.Email, n.Password)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		acct, err := s.Accounts.CreateTx(ctx, tx, cred, TermsVersion)
		if err != nil {
			return err
		}
		res, err = s.createSiteTx(ctx, tx, acct, n)
		return err
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// createSiteTx makes the site of acct with its trial, the owner's
// membership, the starter pages, the hand-over token and the welcome
// e-mail, inside tx.
func (s *Service) createSiteTx(ctx context.Context, tx *sqldb.Tx, acct accounts.Account, n NewSite) (Result, error) {
	theme := n.Theme
	if theme == "" {
		theme = s.Themes.Default()
	}
	title := strings.TrimSpace(n.Title)
	if title == "" {
		title = titleFromName(n.Name)
	}
	site, err := s.Sites.CreateTx(ctx, tx, sites.NewSite{Name: n.Name, Title: title, OwnerID: acct.ID,
		Theme: theme, ContactEmail: acct.Email, Plan: n.Plan})
	if err != nil {
		return Result{}, err
	}
	if err := s.Accounts.AddMemberTx(ctx, tx, site.ID, acct.ID, accounts.RoleOwner); err != nil {
		return Result{}, err
	}
	for _, sp := range s.Themes.StarterPages(theme, themes.StarterData{Title: site.Title, Language: site.Language,
		Currency: site.Currency, PublicEmail: site.PublicEmail}) {
		_, err := s.Pages.CreateTx(ctx, tx, site.ID, plans.MustGet(plans.Premium), pages.Input{
			Slug: sp.Slug, Title: sp.Title, Body: string(sp.Body), InNav: sp.InNav})
		if err != nil {
			return Result{}, fmt.Errorf("starter page %q: %w", sp.Slug, err)
		}
	}
	if err := sellingDefaultsTx(ctx, tx, site.ID, site.Currency); err != nil {
		return Result{}, err
	}
	if !n.NoSamples && s.Catalog != nil && s.isShop(theme) {
		if err := s.createSamplesTx(ctx, tx, site.ID, site.Currency); err != nil {
			return Result{}, err
		}
	}
	if !n.NoSamples && s.Blog != nil && s.isBlog(theme) {
		if err := s.Blog.SeedSamples(ctx, tx, site.ID, acct.ID, site.Title); err != nil {
			return Result{}, fmt.Errorf("sample posts: %w", err)
		}
	}
	token, err := s.Accounts.NewTokenTx(ctx, tx, acct.ID, accounts.PurposeLogin, site.ID)
	if err != nil {
		return Result{}, err
	}
	if n.Welcome {
		if _, err := s.Outbox.Send(ctx, tx, s.welcome(acct.Email, site)); err != nil {
			return Result{}, err
		}
	}
	return Result{Account: acct, Site: site, LoginToken: token}, nil
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
