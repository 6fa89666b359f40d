package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/fault"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/sqldb"
)

// demoLinkLifetime is how long the demo admin's printed login link works:
// unlike a hand-off redirect, a person reads it on the console and copies it
// into a browser, maybe after the server has finished starting.
const demoLinkLifetime = 30 * time.Minute

// prepare seeds what a fresh platform needs (the demo site, a first
// operator) and returns the welcome text with the URLs to open.
func prepare(ctx context.Context, d *app.App, cfg config.Config) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "\nPagecart is running.\n\n")
	fmt.Fprintf(&b, "  Platform (sign up, log in):  %s/\n", cfg.PlatformURL())
	if cfg.Demo {
		demo, err := d.Signup.SeedDemo(ctx)
		if err != nil {
			return "", fmt.Errorf("demo site: %w", err)
		}
		fmt.Fprintf(&b, "  Demo site:                   %s/\n", cfg.SiteURL(signup.DemoName))
		fmt.Fprintf(&b, "  Demo admin:                  %s/admin\n", cfg.SiteURL(signup.DemoName))
		// A login link is printed only when the demo was just made: on a
		// server where -demo is left on, every start would otherwise put a
		// fresh way into the demo admin in the log.
		if demo.Created {
			link, err := demoLink(ctx, d, cfg)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(&b, "    one-time login link (%d min): %s\n", int(demoLinkLifetime.Minutes()), link)
			fmt.Fprintf(&b, "    login: %s  password: %s  (shown once)\n", demo.Email, demo.Password)
		} else {
			fmt.Fprintf(&b, "    login: %s  (a one-time login link: pagecart demo-link; or reset the password, mail lands in the outbox)\n", demo.Email)
		}
	}
	fmt.Fprintf(&b, "  Operator console:            %s/operator\n", cfg.PlatformURL())
	n, err := d.Operators.Count(ctx)
	if err != nil {
		return "", err
	}
	if n == 0 {
		email := "operator@" + strings.TrimPrefix(cfg.BaseDomain, "www.")
		if !strings.Contains(cfg.BaseDomain, ".") {
			email = "operator@pagecart.example"
		}
		password := sqldb.NewToken()[:20]
		if _, err := d.Operators.Create(ctx, email, password); err != nil {
			return "", fmt.Errorf("first operator: %w", err)
		}
		fmt.Fprintf(&b, "    first operator created: %s  password: %s  (shown once)\n", email, password)
	}
	fmt.Fprintf(&b, "  Mail outbox (no SMTP set):   %s/operator/outbox\n\n", cfg.PlatformURL())
	fmt.Fprintf(&b, "Sites are reached as NAME.%s; browsers and curl send *.localhost to this machine by themselves.\n\n", cfg.BaseDomain)
	return b.String(), nil
}

// demoLink makes a one-time link that logs into the demo site's admin.
func demoLink(ctx context.Context, d *app.App, cfg config.Config) (string, error) {
	site, err := d.Sites.ByName(ctx, signup.DemoName)
	if errors.Is(err, fault.ErrNotFound) {
		return "", errors.New("there is no demo site in this database (it is made at the first start, unless -demo=false)")
	}
	if err != nil {
		return "", err
	}
	acct, err := d.Accounts.ByEmail(ctx, signup.DemoEmail)
	if err != nil {
		return "", fmt.Errorf("demo owner: %w", err)
	}
	token, err := d.Accounts.NewTokenLasting(ctx, acct.ID, accounts.PurposeLogin, site.ID, demoLinkLifetime)
	if err != nil {
		return "", err
	}
	return cfg.SiteURL(signup.DemoName) + "/admin/sso?token=" + url.QueryEscape(token), nil
}

// printDemoLink is "pagecart demo-link": a fresh one-time login link to the
// demo admin, for whoever runs the server and may read its database.
func printDemoLink(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.Load(args, getenv, stdout)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, newLogger(io.Discard))
	if err != nil {
		return err
	}
	defer a.Close(context.Background())
	link, err := demoLink(ctx, a, cfg)
	if err != nil {
		return fmt.Errorf("demo-link: %w", err)
	}
	fmt.Fprintf(stdout, "One-time login link to the demo admin (works once, for %d min):\n%s\n", int(demoLinkLifetime.Minutes()), link)
	return nil
}

// createOperator is "pagecart operator create".
func createOperator(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("operator create", flag.ContinueOnError)
	fs.SetOutput(stdout)
	email := fs.String("email", "", "e-mail of the new operator")
	password := fs.String("password", "", "password (default: a random one, printed)")
	// The remaining flags are the usual config flags.
	var rest []string
	for i := 0; i < len(args); i++ {
		a := strings.TrimLeft(args[i], "-")
		name, _, hasValue := strings.Cut(a, "=")
		if name == "email" || name == "password" {
			if hasValue {
				_ = fs.Parse([]string{args[i]})
			} else if i+1 < len(args) {
				_ = fs.Parse(args[i : i+2])
				i++
			}
			continue
		}
		rest = append(rest, args[i])
	}
	if *email == "" {
		return fmt.Errorf("operator create: give -email ADDRESS")
	}
	cfg, err := config.Load(rest, getenv, stdout)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, newLogger(io.Discard))
	if err != nil {
		return err
	}
	defer a.Close(context.Background())
	pw := *password
	if pw == "" {
		pw = sqldb.NewToken()[:20]
	}
	op, err := a.Operators.Create(ctx, *email, pw)
	if err != nil {
		return fmt.Errorf("operator create: %w", err)
	}
	fmt.Fprintf(stdout, "Operator %s created. Password: %s\nLog in at %s/operator\n", op.Email, pw, cfg.PlatformURL())
	return nil
}
