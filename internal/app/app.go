// Package app is Pagecart's composition root: it opens and migrates the
// database, builds every store and service once, the mail sender, the job
// queue with its workers, the invalidation bus, and the HTTP handler that
// serves them. The binary and the tests that need the whole platform build
// it the same way; nothing else constructs services.
package app

import (
	"context"
	"errors"
	"fmt"
	"github.com/pagecart/pagecart/internal/blog"
	"log/slog"

	"github.com/redis/go-redis/v9"
	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/apitokens"
	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/cart"
	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/checkout"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/consent"
	"github.com/pagecart/pagecart/internal/customcss"
	"github.com/pagecart/pagecart/internal/customers"
	"github.com/pagecart/pagecart/internal/design"
	"github.com/pagecart/pagecart/internal/designrequests"
	"github.com/pagecart/pagecart/internal/domains"
	"github.com/pagecart/pagecart/internal/forms"
	"github.com/pagecart/pagecart/internal/help"
	"github.com/pagecart/pagecart/internal/idempotency"
	"github.com/pagecart/pagecart/internal/invalidation"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/media"
	"github.com/pagecart/pagecart/internal/menus"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/orders"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/payments"
	"github.com/pagecart/pagecart/internal/ratelimit"
	"github.com/pagecart/pagecart/internal/redirects"
	"github.com/pagecart/pagecart/internal/shipping"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/internal/taxes"
	"github.com/pagecart/pagecart/internal/web"
	"github.com/pagecart/pagecart/internal/webhooks"
	"github.com/pagecart/pagecart/themes"
)

// App is the assembled platform.
type App struct {
	// Services are the configuration, stores and services, which the web
	// serves; they are fields of App too (a.Accounts, a.Sites, …).
	web.Services
	DB    *sqldb.DB
	Queue *jobs.Queue
	// Bus carries "site X changed" from the database's commits to this
	// node's caches and, with Redis, to the other nodes'.
	Bus *invalidation.Bus
	// OrderEvents are the e-mail and webhook hooks of every order change
	// (shop.go), for the packages that change orders.
	OrderEvents orders.Events

	// Server is the HTTP handler.
	Server *web.Server
}

// Open connects to the database, migrates it, and builds every service
// once. It does not start the job queue or listen to other nodes; Start does.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	db, err := sqldb.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	a, err := build(cfg, logger, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	// Foundation-era pages become sections (pages keep their old body).
	if n, err := a.Pages.ConvertBodies(ctx); err != nil {
		db.Close()
		return nil, err
	} else if n > 0 {
		logger.Info("pages converted to sections", "pages", n)
	}
	return a, nil
}

func build(cfg config.Config, logger *slog.Logger, db *sqldb.DB) (*App, error) {
	th, err := themes.Load()
	if err != nil {
		return nil, fmt.Errorf("load designs: %w", err)
	}
	hc, err := help.Load()
	if err != nil {
		return nil, fmt.Errorf("load help centre: %w", err)
	}
	a := &App{DB: db, Services: web.Services{Config: cfg, Logger: logger, Themes: th, Help: hc,
		Accounts: accounts.NewStore(db), Sites: sites.NewStore(db), Pages: pages.NewStore(db),
		Media: media.NewStore(db, cfg.DataDir), Catalog: catalog.NewStore(db), Mail: mail.NewStore(db), Captcha: captcha.NewStore(db),
		Support: support.NewStore(db), Webhooks: webhooks.NewStore(db, webhooks.Config{AllowPrivate: cfg.WebhooksAllowPrivate,
			RetryFirst: cfg.WebhookRetryFirst, RetryMax: cfg.WebhookRetryMax, Window: cfg.WebhookWindow}),
		APITokens: apitokens.NewStore(db), Idempotency: idempotency.NewStore(db), Consent: consent.NewStore(db),
		Menus: menus.NewStore(db), Design: design.NewStore(db)}}
	a.Operators = operators.NewStore(db, a.Accounts)
	a.Orders, a.Carts, a.Payments = orders.NewStore(db), cart.NewStore(db), payments.NewStore(db)
	a.Shipping, a.Taxes = shipping.NewStore(db), taxes.NewStore(db)
	a.Customers = customers.NewStore(db, a.Accounts)
	a.CustomCSS = customcss.NewStore(db)
	a.Catalog.UseMedia(a.Media)
	a.Pages.UseMedia(a.Media)
	a.Redirects = redirects.NewStore(db)
	a.Blog = blog.NewStore(db, a.Media)
	a.Domains = domains.NewStore(db, a.Sites, domains.Options{BaseDomain: cfg.BaseDomain, PublicIPs: cfg.PublicIPs,
		Resolver: domains.NewResolver(cfg.DNSResolver)})

	sender, err := mail.NewSender(cfg.SMTPURL, cfg.MailFrom, logger)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	workers := river.NewWorkers()
	mail.Register(workers, mail.NewWorker(a.Mail, sender))
	catalog.RegisterImport(workers, a.Catalog)
	webhooks.Register(workers, a.Webhooks)
	periodic := append(sites.TrialJobs(workers, a.Sites), accounts.CleanupJobs(workers, a.Accounts)...)
	periodic = append(periodic, domains.VerifyJobs(workers, a.Domains)...)
	periodic = append(periodic, webhooks.CleanupJobs(workers, a.Webhooks)...)
	periodic = append(periodic, pages.PublishDueJobs(workers, a.Pages)...)
	a.Queue, err = jobs.New(db, jobs.Config{Workers: workers, Periodic: periodic, PollInterval: cfg.JobPoll, Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	a.Catalog.UseQueue(a.Queue)
	outbox := mail.NewOutbox(a.Mail, a.Queue)
	a.Webhooks.UseQueue(a.Queue)
	a.Webhooks.UseOutbox(outbox, a.webhookOwner)
	a.Catalog.UseEvents(a.Webhooks.EnqueueTx)
	a.Customers.UseEvents(a.Webhooks.EnqueueTx)
	a.Accounts.UseOutbox(outbox, cfg.PlatformURL())
	a.Domains.UseOutbox(outbox, cfg.SiteURL)
	// An order's e-mails and webhooks go out through the outbox in the
	// order's own transaction, in the site's own wording (shop.go).
	a.OrderEvents = a.buildOrders(cfg, outbox)
	a.Checkout = &checkout.Service{DB: db, Catalog: a.Catalog, Events: a.OrderEvents}
	a.Forms = forms.NewStore(db, a.Captcha, outbox)
	a.DesignRequests = designrequests.NewStore(db, outbox, a.Operators.Emails)
	a.Signup = &signup.Service{DB: db, Accounts: a.Accounts, Sites: a.Sites, Pages: a.Pages, Captcha: a.Captcha,
		Themes: th, Catalog: a.Catalog, Media: a.Media, Blog: a.Blog, Outbox: outbox, SiteURL: cfg.SiteURL, PlatformURL: cfg.PlatformURL()}

	var remote *invalidation.Redis
	if cfg.RedisURL != "" {
		if remote, err = invalidation.NewRedis(cfg.RedisURL, "", logger); err != nil {
			return nil, err
		}
	}
	a.Bus = invalidation.NewBus(remote, logger)
	// API rate limits and quotas: shared by every node through Redis when
	// it is configured, counted in this process otherwise.
	a.Limiter = ratelimit.NewMemory()
	if cfg.RedisURL != "" {
		opts, err := redis.ParseURL(cfg.RedisURL)
		if err != nil {
			return nil, fmt.Errorf("redis url: %w", err)
		}
		client := redis.NewClient(opts)
		db.OnClose(client.Close)
		a.Limiter = ratelimit.NewRedis(client, "pagecart:rl:", logger).Strict(cfg.RedisStrict)
		a.Accounts.UseFailures(ratelimit.NewRedisFailures(client, "pagecart:login:", logger))
	}
	// Visitors' cookie choices are counted per address and per log, on
	// the same counters as the API's limits.
	a.Consent.UseLimiter(a.Limiter)
	db.SetAnnouncer(a.Bus.Announce)

	a.Server, err = web.NewServer(a.Services)
	if err != nil {
		return nil, err
	}
	a.Bus.Subscribe(a.Server.Forget)
	return a, nil
}

// webhookOwner is who hears that a site's webhook was paused: the site's
// contact address, or else its owner's login.
func (a *App) webhookOwner(ctx context.Context, siteID int64) (webhooks.Owner, error) {
	site, err := a.Sites.ByID(ctx, siteID)
	if err != nil {
		return webhooks.Owner{}, err
	}
	o := webhooks.Owner{Email: site.ContactEmail, SiteTitle: site.Title, AdminURL: a.Config.SiteURL(site.Name) + "/admin/webhooks"}
	if o.Email == "" {
		acct, err := a.Accounts.ByID(ctx, site.OwnerAccountID)
		if err != nil {
			return webhooks.Owner{}, err
		}
		o.Email = acct.Email
	}
	return o, nil
}

// Start runs the job queue and, with Redis, listens for other nodes'
// changes until Close.
func (a *App) Start(ctx context.Context) error {
	if err := a.Queue.Start(ctx); err != nil {
		return err
	}
	a.Bus.Start(ctx)
	return nil
}

// Close stops the job queue (letting running jobs finish within ctx),
// stops listening to other nodes and closes the database.
func (a *App) Close(ctx context.Context) error {
	err := a.Bus.Close()
	err = errors.Join(err, a.Queue.Stop(ctx))
	return errors.Join(err, a.DB.Close())
}
