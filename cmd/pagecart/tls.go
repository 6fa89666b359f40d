package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/pagecart/pagecart/internal/app"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/tlscerts"
)

// serveTLS starts HTTPS on cfg.TLSAddr with certificates from the ACME CA
// on demand (only for hosts the domains store allows), and turns plain
// (the server on cfg.Addr) into the HTTP side: ACME challenges and a
// redirect to HTTPS. It returns the HTTPS server; its end is sent to served.
func serveTLS(a *app.App, cfg config.Config, logger *slog.Logger, plain *http.Server, served chan<- error) (*http.Server, error) {
	ln, err := net.Listen("tcp", cfg.TLSAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.TLSAddr, err)
	}
	// Certificates live in the database, so that every node of a
	// multi-node platform shares them and their locks.
	m, err := tlscerts.New(tlscerts.Options{Storage: tlscerts.NewDBStorage(a.DB), CA: cfg.ACMECA, Email: cfg.ACMEEmail,
		Allow: a.Domains.AllowCertificate, HTTPSPort: cfg.PublicPort, Logger: logger})
	if err != nil {
		ln.Close()
		return nil, err
	}
	plain.Handler = m.HTTPHandler()
	secure := &http.Server{
		Handler:           a.Server,
		TLSConfig:         m.TLSConfig(),
		ReadHeaderTimeout: plain.ReadHeaderTimeout,
		ReadTimeout:       plain.ReadTimeout,
		WriteTimeout:      plain.WriteTimeout,
		IdleTimeout:       plain.IdleTimeout,
		ErrorLog:          plain.ErrorLog,
	}
	go func() { served <- secure.ServeTLS(ln, "", "") }()
	logger.Info("serving HTTPS", "addr", cfg.TLSAddr, "acme", cfg.ACMECA)
	return secure, nil
}
