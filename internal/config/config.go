// Package config holds the one Config struct, filled once at start from
// flags and PAGECART_* environment variables and passed down from there.
package config

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strings"
	"time"
)

// Config is everything the platform reads from its environment.
type Config struct {
	Addr         string        // listen address, e.g. ":8080"
	BaseDomain   string        // sites live at NAME.BaseDomain; the platform at BaseDomain
	DataDir      string        // SQLite file and media when no DatabaseURL is given
	DatabaseURL  string        // "" = SQLite in DataDir; postgres://… selects PostgreSQL
	RedisURL     string        // optional: shared rate limits and cache invalidation
	SMTPURL      string        // optional: without it mail is kept in the operator outbox
	MailFrom     string        // sender address of platform mail
	PublicScheme string        // "http" or "https": how visitors reach us (cookies get Secure under https)
	PublicPort   string        // port in public URLs, derived from Addr unless set
	Demo         bool          // seed the demo site on first start
	JobPoll      time.Duration // how often the job queue looks for work
	ShutdownWait time.Duration // how long in-flight requests may finish on SIGTERM
	RequestLimit time.Duration // deadline of one request (504 past it)
	MaxInFlight  int           // concurrent requests before shedding load with 503

	// WebhooksAllowPrivate lets webhooks reach loopback, private and
	// link-local addresses: for development and tests only, since it lets
	// any site owner make the platform call its internal network.
	WebhooksAllowPrivate bool
	// WebhookRetryFirst, WebhookRetryMax and WebhookWindow shape a webhook
	// delivery's retries; zero means the production schedule (30 s doubling
	// to 1 h, for 48 h). Tests shorten them; there is no flag.
	WebhookRetryFirst time.Duration
	WebhookRetryMax   time.Duration
	WebhookWindow     time.Duration
	// Own domains (internal/domains).
	DNSResolver string       // "host:port" of the DNS server domain checks ask; "" = /etc/resolv.conf
	PublicIPs   []netip.Addr // addresses apex domains point A/AAAA records at
	// HTTPS with certificates from ACME (cmd/pagecart/tls.go).
	TLS       bool   // serve HTTPS on TLSAddr, redirecting HTTP to it
	TLSAddr   string // HTTPS listen address, e.g. ":443"
	ACMECA    string // ACME directory URL; default Let's Encrypt
	ACMEEmail string // contact address given to the ACME CA
	// RedisStrict makes an API request whose rate limits cannot be checked
	// in Redis fail with 502 instead of being counted on this node only
	// (the default), for operators who would rather refuse than let N
	// nodes each admit the whole limit (PAGECART_REDIS_STRICT=1).
	RedisStrict bool
}

// Load reads flags from args (after the subcommand) with defaults taken
// from getenv, so that a flag wins over the environment.
func Load(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	env := func(key, def string) string {
		if v := getenv("PAGECART_" + key); v != "" {
			return v
		}
		return def
	}
	var c Config
	fs := flag.NewFlagSet("pagecart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", env("ADDR", ":8080"), "listen address (PAGECART_ADDR)")
	fs.StringVar(&c.BaseDomain, "base-domain", env("BASE_DOMAIN", "localhost"), "base domain of the platform (PAGECART_BASE_DOMAIN)")
	fs.StringVar(&c.DataDir, "data-dir", env("DATA_DIR", "./data"), "data directory (PAGECART_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("DATABASE_URL", ""), "database URL; empty = SQLite in the data dir (PAGECART_DATABASE_URL)")
	fs.StringVar(&c.RedisURL, "redis-url", env("REDIS_URL", ""), "Redis URL (PAGECART_REDIS_URL)")
	fs.StringVar(&c.SMTPURL, "smtp-url", env("SMTP_URL", ""), "SMTP URL, e.g. smtp://user:pass@host:587 (PAGECART_SMTP_URL)")
	fs.StringVar(&c.MailFrom, "mail-from", env("MAIL_FROM", ""), "sender address of platform mail (PAGECART_MAIL_FROM)")
	fs.StringVar(&c.PublicScheme, "public-scheme", env("PUBLIC_SCHEME", "http"), "http or https (PAGECART_PUBLIC_SCHEME)")
	fs.StringVar(&c.PublicPort, "public-port", env("PUBLIC_PORT", ""), "port in public URLs; default: the listen port (PAGECART_PUBLIC_PORT)")
	fs.StringVar(&c.DNSResolver, "dns-resolver", env("DNS_RESOLVER", ""), "DNS server for domain checks, host:port (PAGECART_DNS_RESOLVER)")
	publicIPs := fs.String("public-ips", env("PUBLIC_IPS", ""), "comma-separated public IP addresses of the platform (PAGECART_PUBLIC_IPS)")
	tls := fs.String("tls", env("TLS", "off"), "on: serve HTTPS with ACME certificates (PAGECART_TLS)")
	fs.StringVar(&c.TLSAddr, "tls-addr", env("TLS_ADDR", ":443"), "HTTPS listen address (PAGECART_TLS_ADDR)")
	fs.StringVar(&c.ACMECA, "acme-ca", env("ACME_CA", "https://acme-v02.api.letsencrypt.org/directory"), "ACME directory URL (PAGECART_ACME_CA)")
	fs.StringVar(&c.ACMEEmail, "acme-email", env("ACME_EMAIL", ""), "contact e-mail for the ACME CA (PAGECART_ACME_EMAIL)")
	fs.BoolVar(&c.Demo, "demo", env("DEMO", "true") == "true", "create the demo site on first start (PAGECART_DEMO)")
	strict := env("REDIS_STRICT", "")
	fs.BoolVar(&c.RedisStrict, "redis-strict", strict == "1" || strict == "true",
		"answer API requests with 502 when Redis cannot be reached, instead of counting on this node (PAGECART_REDIS_STRICT=1)")
	allowPrivate := env("WEBHOOKS_ALLOW_PRIVATE", "")
	fs.BoolVar(&c.WebhooksAllowPrivate, "webhooks-allow-private", allowPrivate == "1" || allowPrivate == "true",
		"let webhooks reach loopback and private addresses, for development only (PAGECART_WEBHOOKS_ALLOW_PRIVATE=1)")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	switch *tls {
	case "on", "true", "1":
		c.TLS = true
	case "off", "false", "0", "":
	default:
		return Config{}, fmt.Errorf("tls %q: use on or off", *tls)
	}
	for _, f := range strings.Split(*publicIPs, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		ip, err := netip.ParseAddr(f)
		if err != nil {
			return Config{}, fmt.Errorf("public IPs: %q is not an IP address", f)
		}
		c.PublicIPs = append(c.PublicIPs, ip.Unmap())
	}
	c.JobPoll = time.Second
	c.ShutdownWait = 20 * time.Second
	c.RequestLimit = 10 * time.Second
	c.MaxInFlight = 512
	return c, c.normalize()
}

func (c *Config) normalize() error {
	c.BaseDomain = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(c.BaseDomain), "."))
	if c.BaseDomain == "" || strings.ContainsAny(c.BaseDomain, ":/ ") {
		return fmt.Errorf("base domain %q: give a host name without port, e.g. localhost or pagecart.example", c.BaseDomain)
	}
	if c.PublicScheme != "http" && c.PublicScheme != "https" {
		return fmt.Errorf("public scheme %q: use http or https", c.PublicScheme)
	}
	// With TLS the platform is public over HTTPS on the TLS address; the
	// plain-HTTP address only redirects there.
	publicAddr := c.Addr
	if c.TLS {
		c.PublicScheme, publicAddr = "https", c.TLSAddr
	}
	if c.PublicPort == "" {
		if _, port, err := net.SplitHostPort(publicAddr); err == nil {
			c.PublicPort = port
		}
	}
	if (c.PublicScheme == "http" && c.PublicPort == "80") || (c.PublicScheme == "https" && c.PublicPort == "443") {
		c.PublicPort = ""
	}
	if c.MailFrom == "" {
		c.MailFrom = "Pagecart <no-reply@" + c.BaseDomain + ">"
	}
	return nil
}

// hostPort is the public host with the port, if one is needed in URLs.
func (c Config) hostPort(host string) string {
	if c.PublicPort == "" {
		return host
	}
	return host + ":" + c.PublicPort
}

// PlatformURL is the public URL of the platform host, without a trailing slash.
func (c Config) PlatformURL() string {
	return c.PublicScheme + "://" + c.hostPort(c.BaseDomain)
}

// SiteHost is the host name of a site's own subdomain.
func (c Config) SiteHost(name string) string { return name + "." + c.BaseDomain }

// SiteURL is the public URL of a site, without a trailing slash.
func (c Config) SiteURL(name string) string {
	return c.PublicScheme + "://" + c.hostPort(c.SiteHost(name))
}

// HostURL is the public URL of any host of the platform (a site's own
// domain), without a trailing slash.
func (c Config) HostURL(host string) string { return c.PublicScheme + "://" + c.hostPort(host) }

// SecureCookies reports whether cookies must carry the Secure attribute.
func (c Config) SecureCookies() bool { return c.PublicScheme == "https" }
