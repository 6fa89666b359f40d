package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/pagecart/pagecart/internal/accounts"
	"github.com/pagecart/pagecart/internal/captcha"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/help"
	"github.com/pagecart/pagecart/internal/invalidation"
	"github.com/pagecart/pagecart/internal/jobs"
	"github.com/pagecart/pagecart/internal/mail"
	"github.com/pagecart/pagecart/internal/operators"
	"github.com/pagecart/pagecart/internal/pages"
	"github.com/pagecart/pagecart/internal/signup"
	"github.com/pagecart/pagecart/internal/sites"
	"github.com/pagecart/pagecart/internal/sqldb"
	"github.com/pagecart/pagecart/internal/support"
	"github.com/pagecart/pagecart/internal/web/deps"
	"github.com/pagecart/pagecart/themes"
)

// App is the assembled platform: database, services, job queue and the
// HTTP handler. The binary and the scenario tests build it the same way.
type App struct {
	Deps   *deps.Deps
	Server *Server

	stopListening context.CancelFunc
}

// Open connects to the database, migrates it, and builds every service
// once. It does not start the job queue; Start does.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	db, err := sqldb.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	app, err := assemble(cfg, logger, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return app, nil
}

func assemble(cfg config.Config, logger *slog.Logger, db *sqldb.DB) (*App, error) {
	th, err := themes.Load()
	if err != nil {
		return nil, fmt.Errorf("load designs: %w", err)
	}
	hc, err := help.Load()
	if err != nil {
		return nil, fmt.Errorf("load help centre: %w", err)
	}
	d := &deps.Deps{
		Config: cfg, DB: db, Logger: logger, Themes: th, Help: hc,
		Accounts: accounts.NewStore(db), Sites: sites.NewStore(db), Pages: pages.NewStore(db),
		Mail: mail.NewStore(db), Captcha: captcha.NewStore(db),
		Support: support.NewStore(db),
	}
	d.Operators = operators.NewStore(db, d.Accounts)
	d.Signup = &signup.Service{DB: db, Accounts: d.Accounts, Sites: d.Sites, Pages: d.Pages, Captcha: d.Captcha, Themes: th,
		Mail: d.Mail, SiteURL: cfg.SiteURL, PlatformURL: cfg.PlatformURL()}

	sender, err := mail.NewSender(cfg.SMTPURL, cfg.MailFrom, logger)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	workers := river.NewWorkers()
	mail.Register(workers, mail.NewWorker(d.Mail, sender))
	periodic := append(sites.TrialJobs(workers, d.Sites), accounts.CleanupJobs(workers, d.Accounts)...)
	d.Queue, err = jobs.New(db, jobs.Config{Workers: workers, Periodic: periodic, PollInterval: cfg.JobPoll, Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	d.Signup.Queue = d.Queue
	d.Accounts.UseMail(d.Mail, d.Queue, cfg.PlatformURL())
	srv, err := NewServer(d)
	if err != nil {
		return nil, err
	}
	if cfg.RedisURL != "" {
		srv.bus, err = invalidation.NewRedis(cfg.RedisURL, "", logger)
		if err != nil {
			return nil, err
		}
	}
	return &App{Deps: d, Server: srv}, nil
}

// Start runs the job queue and, with Redis, listens for other nodes'
// changes until Close.
func (a *App) Start(ctx context.Context) error {
	if err := a.Deps.Queue.Start(ctx); err != nil {
		return err
	}
	if bus := a.Server.bus; bus != nil {
		if err := bus.Ping(ctx); err != nil {
			// Not fatal: each node still serves, with caches that expire
			// within seconds, until Redis is back.
			a.Deps.Logger.Warn("redis unreachable; other nodes' changes show within seconds", "err", err)
		}
		listen, stop := context.WithCancel(context.WithoutCancel(ctx))
		a.stopListening = stop
		go func() {
			defer a.Server.listening.Store(false)
			bus.Listen(listen, func() { a.Server.listening.Store(true) }, a.Server.forget)
		}()
	}
	return nil
}

// Close stops the job queue (letting running jobs finish within ctx) and
// closes the database.
func (a *App) Close(ctx context.Context) error {
	if a.stopListening != nil {
		a.stopListening()
	}
	err := a.Deps.Queue.Stop(ctx)
	if a.Server.bus != nil {
		err = errors.Join(err, a.Server.bus.Close())
	}
	return errors.Join(err, a.Deps.DB.Close())
}
