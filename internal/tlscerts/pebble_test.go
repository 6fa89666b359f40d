package tlscerts_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/letsencrypt/pebble/v2/ca"
	pebbledb "github.com/letsencrypt/pebble/v2/db"
	"github.com/letsencrypt/pebble/v2/va"
	"github.com/letsencrypt/pebble/v2/wfe"
	"github.com/miekg/dns"

	"github.com/pagecart/pagecart/internal/app/apptest"
	"github.com/pagecart/pagecart/internal/config"
	"github.com/pagecart/pagecart/internal/domains/dnstest"
	"github.com/pagecart/pagecart/internal/tlscerts"
)

// startPebble runs Let's Encrypt's test CA in the test's process. Its
// validator resolves names through the test DNS server and validates
// HTTP-01 and TLS-ALPN-01 challenges on the given local ports, where the
// platform listens: the certificate is issued only after a real challenge.
func startPebble(t *testing.T, dnsAddr string, httpPort, tlsPort int) (directory string, apiRoots, issuedRoots *x509.CertPool) {
	t.Helper()
	t.Setenv("PEBBLE_VA_NOSLEEP", "1")
	t.Setenv("PEBBLE_WFE_NONCEREJECT", "0")
	logger := log.New(io.Discard, "", 0)
	if testing.Verbose() {
		logger = log.New(os.Stderr, "pebble ", 0)
	}
	db := pebbledb.NewMemoryStore()
	authority := ca.New(logger, db, "", "ecdsa", 0, 1, map[string]ca.Profile{"default": {Description: "test"}})
	validator := va.New(logger, httpPort, tlsPort, false, dnsAddr, db)
	front := wfe.New(logger, db, validator, authority, []string{"pebble.letsencrypt.org"}, false, false, 1, 1)
	srv := httptest.NewTLSServer(front.Handler())
	t.Cleanup(srv.Close)
	apiRoots = x509.NewCertPool()
	apiRoots.AddCert(srv.Certificate())
	issuedRoots = x509.NewCertPool()
	issuedRoots.AddCert(authority.GetRootCert(0).Cert)
	return srv.URL + wfe.DirectoryPath, apiRoots, issuedRoots
}

func listen(t *testing.T) (net.Listener, int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln, ln.Addr().(*net.TCPAddr).Port
}

// A verified domain gets a certificate from the ACME CA at its first
// HTTPS visit and serves the site over it; an unverified one gets none;
// plain HTTP redirects to HTTPS.
func TestCertificatesFromPebble(t *testing.T) {
	dnsSrv := dnstest.Start(t)
	h := apptest.New(t, func(c *config.Config) {
		c.DNSResolver = dnsSrv.Addr
		c.PublicIPs = []netip.Addr{netip.MustParseAddr("127.0.0.1")}
	})
	ctx := context.Background()
	site, _ := h.NewSite("anna", "anna@example.com")
	added, err := h.App.Domains.Add(ctx, site.ID, "anna-shop.example", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range added[0].Records {
		switch r.Type {
		case "A":
			dnsSrv.Set(r.Name, dns.TypeA, r.Value)
		case "TXT":
			dnsSrv.Set(r.Name, dns.TypeTXT, r.Value)
		}
	}
	if d, err := h.App.Domains.Check(ctx, site.ID, added[0].ID); err != nil || !d.Verified() {
		t.Fatalf("not verified: %+v %v", d.Records, err)
	}
	// Pending: it points here, but its owner never proved it theirs.
	if _, err := h.App.Domains.Add(ctx, site.ID, "pending.example", false); err != nil {
		t.Fatal(err)
	}
	dnsSrv.Set("pending.example", dns.TypeA, "127.0.0.1")

	httpLn, httpPort := listen(t)
	tlsLn, tlsPort := listen(t)
	directory, apiRoots, issuedRoots := startPebble(t, dnsSrv.Addr, httpPort, tlsPort)
	// Two nodes, each with its own storage value on the one database.
	node := func() *tlscerts.Manager {
		m, err := tlscerts.New(tlscerts.Options{Storage: tlscerts.NewDBStorage(h.App.DB), CA: directory, Email: "ops@example.com",
			TrustedRoots: apiRoots, Allow: h.App.Domains.AllowCertificate, HTTPSPort: "443"})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m, m2 := node(), node()
	tls2Ln, tls2Port := listen(t)
	secure2 := &http.Server{Handler: h.App.Server, TLSConfig: m2.TLSConfig(), ReadHeaderTimeout: 5 * time.Second,
		ErrorLog: log.New(io.Discard, "", 0)}
	go func() { _ = secure2.ServeTLS(tls2Ln, "", "") }()
	t.Cleanup(func() { _ = secure2.Close() })
	plain := &http.Server{Handler: m.HTTPHandler(), ReadHeaderTimeout: 5 * time.Second}
	secure := &http.Server{Handler: h.App.Server, TLSConfig: m.TLSConfig(), ReadHeaderTimeout: 5 * time.Second,
		ErrorLog: log.New(io.Discard, "", 0)} // the refused handshakes below are expected
	go func() { _ = plain.Serve(httpLn) }()
	go func() { _ = secure.ServeTLS(tlsLn, "", "") }()
	t.Cleanup(func() { _ = plain.Close(); _ = secure.Close() })

	// The client trusts only the test CA's root: the handshake succeeds
	// only with a certificate pebble issued for this name.
	client := &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{RootCAs: issuedRoots},
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				port := tlsPort
				if strings.HasSuffix(addr, ":80") {
					port = httpPort
				}
				return (&net.Dialer{}).DialContext(ctx, network, net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
			}}}
	res, err := client.Get("https://anna-shop.example/")
	if err != nil {
		t.Fatalf("HTTPS to the verified domain: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.TLS == nil || len(res.TLS.PeerCertificates) == 0 {
		t.Fatalf("HTTPS: %d, %s", res.StatusCode, body)
	}
	leaf := res.TLS.PeerCertificates[0]
	if len(leaf.DNSNames) != 1 || leaf.DNSNames[0] != "anna-shop.example" || !strings.Contains(leaf.Issuer.CommonName, "Pebble") {
		t.Fatalf("certificate for %v issued by %q", leaf.DNSNames, leaf.Issuer.CommonName)
	}
	t.Logf("certificate for %v from %q, valid until %v", leaf.DNSNames, leaf.Issuer.CommonName, leaf.NotAfter)

	// The unverified domain, and a host nobody added, get no certificate.
	for _, host := range []string{"pending.example", "stranger.example"} {
		if _, err := client.Get("https://" + host + "/"); err == nil {
			t.Errorf("HTTPS to %s succeeded", host)
		}
	}
	var stored int
	if err := h.App.DB.QueryRow(ctx, `SELECT COUNT(*) FROM tls_storage WHERE key LIKE 'certificates/%/anna-shop.example/anna-shop.example.crt'`).Scan(&stored); err != nil || stored != 1 {
		t.Errorf("stored certificates: %d, %v", stored, err)
	}
	var others int
	_ = h.App.DB.QueryRow(ctx, `SELECT COUNT(*) FROM tls_storage WHERE key LIKE '%pending%' OR key LIKE '%stranger%'`).Scan(&others)
	if others != 0 {
		t.Errorf("%d stored entries for refused hosts", others)
	}

	// The second node serves the certificate the first one obtained,
	// found in the shared storage, without asking the CA again.
	client2 := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: issuedRoots},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, net.JoinHostPort("127.0.0.1", strconv.Itoa(tls2Port)))
		}}}
	res2, err := client2.Get("https://anna-shop.example/")
	if err != nil {
		t.Fatalf("HTTPS through the second node: %v", err)
	}
	res2.Body.Close()
	if got := res2.TLS.PeerCertificates[0]; got.SerialNumber.Cmp(leaf.SerialNumber) != 0 {
		t.Errorf("the second node got its own certificate (serial %v, first node's %v)", got.SerialNumber, leaf.SerialNumber)
	}

	// Plain HTTP sends GET with 301 and POST with 308 to HTTPS.
	for method, code := range map[string]int{http.MethodGet: http.StatusMovedPermanently, http.MethodPost: http.StatusPermanentRedirect} {
		req, _ := http.NewRequest(method, "http://anna-shop.example/contact?x=1", nil)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != code || res.Header.Get("Location") != "https://anna-shop.example/contact?x=1" {
			t.Errorf("%s over HTTP: %d → %q", method, res.StatusCode, res.Header.Get("Location"))
		}
	}
}
