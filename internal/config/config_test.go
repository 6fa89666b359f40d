package config

import (
	"io"
	"testing"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		env         map[string]string
		platformURL string
		siteURL     string
		wantErr     bool
	}{
		{name: "defaults", platformURL: "http://localhost:8080", siteURL: "http://demo.localhost:8080"},
		{name: "env", env: map[string]string{"PAGECART_BASE_DOMAIN": "Example.COM", "PAGECART_ADDR": ":443", "PAGECART_PUBLIC_SCHEME": "https"},
			platformURL: "https://example.com", siteURL: "https://demo.example.com"},
		{name: "flag wins", args: []string{"-addr", "127.0.0.1:9000"}, env: map[string]string{"PAGECART_ADDR": ":1"},
			platformURL: "http://localhost:9000", siteURL: "http://demo.localhost:9000"},
		{name: "bad scheme", env: map[string]string{"PAGECART_PUBLIC_SCHEME": "ftp"}, wantErr: true},
		{name: "bad domain", env: map[string]string{"PAGECART_BASE_DOMAIN": "localhost:8080"}, wantErr: true},
		{name: "bad public IP", env: map[string]string{"PAGECART_PUBLIC_IPS": "192.0.2.1, example.com"}, wantErr: true},
		{name: "bad tls", env: map[string]string{"PAGECART_TLS": "maybe"}, wantErr: true},
	}
	for _, tt := range []struct {
		env  string
		args []string
		want bool
	}{{"", nil, false}, {"1", nil, true}, {"true", nil, true}, {"0", nil, false}, {"", []string{"-webhooks-allow-private"}, true}} {
		c, err := Load(tt.args, func(k string) string {
			if k == "PAGECART_WEBHOOKS_ALLOW_PRIVATE" {
				return tt.env
			}
			return ""
		}, io.Discard)
		if err != nil || c.WebhooksAllowPrivate != tt.want {
			t.Errorf("PAGECART_WEBHOOKS_ALLOW_PRIVATE=%q %v: %v, %v; want %v", tt.env, tt.args, c.WebhooksAllowPrivate, err, tt.want)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.args, func(k string) string { return tt.env[k] }, io.Discard)
			if tt.wantErr {
				if err == nil {
					t.Fatal("want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.PlatformURL(); got != tt.platformURL {
				t.Errorf("PlatformURL = %q, want %q", got, tt.platformURL)
			}
			if got := c.SiteURL("demo"); got != tt.siteURL {
				t.Errorf("SiteURL = %q, want %q", got, tt.siteURL)
			}
		})
	}
}

func TestLoadDomainSettings(t *testing.T) {
	env := map[string]string{"PAGECART_PUBLIC_IPS": " 192.0.2.1 ,2001:db8::1,::ffff:198.51.100.7", "PAGECART_TLS": "on",
		"PAGECART_DNS_RESOLVER": "127.0.0.1:5353", "PAGECART_TLS_ADDR": ":8443"}
	c, err := Load(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.PublicIPs) != 3 || c.PublicIPs[0].String() != "192.0.2.1" || c.PublicIPs[2].String() != "198.51.100.7" {
		t.Errorf("PublicIPs = %v", c.PublicIPs)
	}
	if !c.TLS || c.TLSAddr != ":8443" || c.DNSResolver != "127.0.0.1:5353" {
		t.Errorf("TLS %v %q, resolver %q", c.TLS, c.TLSAddr, c.DNSResolver)
	}
	if got := c.SiteURL("demo"); got != "https://demo.localhost:8443" {
		t.Errorf("SiteURL under TLS = %q", got)
	}
}
