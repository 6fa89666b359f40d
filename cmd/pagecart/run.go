package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/sqldb"
)

const usage = `usage: pagecart [serve] [flags]       run the platform (default)
       pagecart migrate [flags]       bring the database schema up to date and exit
       pagecart operator create -email ADDRESS [-password PW] [flags]
                                      add an operator account for the console
       pagecart demo-link [flags]     print a one-time login link to the demo site's admin
       pagecart token create --site NAME --name NAME --scopes a,b [--expires DATE|DURATION]
                             [--allowed-ips CIDR,…] [--limited] [--daily-cap N] [flags]
                                      create an API token; its secret is printed once
Flags and their PAGECART_* environment variables: pagecart serve -h`

// run is the whole program; main only wires it to the process. Tests call
// it with a temporary data dir and port 0.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout)
	case "migrate":
		return migrate(ctx, args, getenv, stdout)
	case "demo-link":
		return printDemoLink(ctx, args, getenv, stdout)
	case "operator":
		if len(args) == 0 || args[0] != "create" {
			return errors.New(usage)
		}
		return createOperator(ctx, args[1:], getenv, stdout)
	case "token":
		if len(args) == 0 || args[0] != "create" {
			return errors.New(usage)
		}
		return createToken(ctx, args[1:], getenv, stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.Load(args, getenv, stdout)
	if err != nil {
		return err
	}
	// Only the database: migrating needs no services, queue or network.
	db, err := sqldb.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return err
	}
	fmt.Fprintln(stdout, "The database schema is up to date.")
	return db.Close()
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.Load(args, getenv, stdout)
	if err != nil {
		return err
	}
	// Listen before building anything, so that port 0 (tests) and a busy
	// port are known before URLs are printed.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	if _, port, err := net.SplitHostPort(ln.Addr().String()); err == nil && (cfg.PublicPort == "0" || strings.HasSuffix(cfg.Addr, ":0")) {
		cfg.PublicPort = port
	}
	logger := newLogger(stdout)
	app, err := app.Open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	if err := app.Start(ctx); err != nil {
		_ = app.Close(context.Background())
		return err
	}
	welcome, err := prepare(ctx, app, cfg)
	if err != nil {
		_ = app.Close(context.Background())
		return err
	}
	fmt.Fprint(stdout, welcome)

	srv := &http.Server{
		Handler:           app.Server,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	servers := []*http.Server{srv}
	served := make(chan error, 2)
	if cfg.TLS {
		secure, err := serveTLS(app, cfg, logger, srv, served)
		if err != nil {
			_ = app.Close(context.Background())
			return err
		}
		servers = append(servers, secure)
	}
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		for _, s := range servers {
			_ = s.Close()
		}
		_ = app.Close(context.Background())
		return err
	case <-ctx.Done():
	}
	// SIGTERM: stop accepting, let in-flight requests finish, then stop
	// the job queue and close the database.
	logger.Info("shutting down", "wait", cfg.ShutdownWait)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownWait)
	defer cancel()
	var errs error
	for _, s := range servers {
		errs = errors.Join(errs, s.Shutdown(shutdownCtx))
	}
	return errors.Join(errs, app.Close(shutdownCtx))
}
