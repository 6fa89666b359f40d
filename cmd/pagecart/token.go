package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/config"
)

// createToken is "pagecart token create": an API token for a site, for
// operators and scripts. The secret is printed once and never again.
func createToken(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(stdout)
	siteName := fs.String("site", "", "the site's name (NAME of NAME.<base domain>)")
	name := fs.String("name", "", "what the token is for, such as the program using it")
	scopes := fs.String("scopes", "", "comma-separated scopes, such as read_products,write_products")
	expires := fs.String("expires", "", "optional expiry: a date (2027-01-31) or a duration (720h)")
	ips := fs.String("allowed-ips", "", "optional comma-separated IP addresses or CIDR ranges")
	limited := fs.Bool("limited", false, "withhold customers' personal data from this token")
	dailyCap := fs.Int64("daily-cap", 0, "optional cap on the token's points a day")
	own := map[string]bool{"site": true, "name": true, "scopes": true, "expires": true, "allowed-ips": true, "limited": true, "daily-cap": true}
	var mine, rest []string
	for i := 0; i < len(args); i++ {
		flagName, _, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if !own[flagName] {
			rest = append(rest, args[i])
			continue
		}
		mine = append(mine, args[i])
		if !hasValue && flagName != "limited" && i+1 < len(args) {
			mine = append(mine, args[i+1])
			i++
		}
	}
	if err := fs.Parse(mine); err != nil {
		return err
	}
	if *siteName == "" || *name == "" || *scopes == "" {
		return fmt.Errorf("token create: give --site NAME --name NAME --scopes a,b")
	}
	n := apitokens.NewToken{Name: *name, AllowedIPs: *ips, Limited: *limited, DailyCap: *dailyCap, CreatedBy: "cli"}
	for _, s := range strings.Split(*scopes, ",") {
		if s = strings.TrimSpace(s); s != "" {
			n.Scopes = append(n.Scopes, apitokens.Scope(s))
		}
	}
	if *expires != "" {
		t, err := parseExpiry(*expires, time.Now())
		if err != nil {
			return fmt.Errorf("token create: %w", err)
		}
		n.ExpiresAt = t
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
	site, err := a.Sites.ByName(ctx, *siteName)
	if err != nil {
		return fmt.Errorf("token create: site %q: %w", *siteName, err)
	}
	tok, secret, err := a.APITokens.Create(ctx, site.ID, n)
	if err != nil {
		return fmt.Errorf("token create: %w", err)
	}
	fmt.Fprintf(stdout, "Token %q (%s…) created for %s with scopes %s.\n", tok.Name, tok.Prefix, site.Name, *scopes)
	fmt.Fprintf(stdout, "Secret, shown this once:\n%s\n", secret)
	fmt.Fprintf(stdout, "Try it:\ncurl -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d '{\"query\":\"{ site { name } }\"}' %s/api/graphql\n",
		secret, cfg.SiteURL(site.Name))
	return nil
}

// parseExpiry reads a date (the end of that day, UTC) or a duration from now.
func parseExpiry(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(d), nil
	}
	if days, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil && strings.HasSuffix(s, "d") && days > 0 {
		return now.AddDate(0, 0, days), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(24*time.Hour - time.Second), nil
	}
	return time.Time{}, fmt.Errorf("expiry %q: give a date like 2027-01-31, or a duration like 720h or 30d", s)
}
