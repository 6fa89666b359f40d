package domains

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Resolver asks one recursive DNS server, so that what the admin shows is
// what the rest of the internet sees, not what a node's local cache holds.
// Tests point it at a server on loopback.
type Resolver struct {
	addr    string
	timeout time.Duration
}

// NewResolver returns a Resolver asking addr ("host:port"; a bare host
// gets port 53). Empty addr takes the first name server of
// /etc/resolv.conf, and 127.0.0.1:53 when that cannot be read.
func NewResolver(addr string) *Resolver {
	if addr == "" {
		addr = "127.0.0.1:53"
		if cc, err := dns.ClientConfigFromFile("/etc/resolv.conf"); err == nil && len(cc.Servers) > 0 {
			addr = net.JoinHostPort(cc.Servers[0], cc.Port)
		}
	} else if _, _, err := net.SplitHostPort(addr); err != nil {
		addr = net.JoinHostPort(addr, "53")
	}
	return &Resolver{addr: addr, timeout: 2 * time.Second}
}

// Lookup returns the values of the records of type qtype at name, in
// order and lowercase for names: the target of a CNAME, the address of an
// A or AAAA, the joined strings of a TXT. A name without such records
// (NXDOMAIN or an empty answer) gives none and no error; an error means
// the question could not be answered, which is not the same as "missing".
func (r *Resolver) Lookup(ctx context.Context, name string, qtype uint16) ([]string, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.RecursionDesired = true
	c := &dns.Client{Timeout: r.timeout}
	in, _, err := c.ExchangeContext(ctx, m, r.addr)
	if err == nil && in.Truncated {
		c.Net = "tcp"
		in, _, err = c.ExchangeContext(ctx, m, r.addr)
	}
	if err != nil {
		return nil, fmt.Errorf("ask %s for %s %s: %w", r.addr, dns.TypeToString[qtype], name, err)
	}
	switch in.Rcode {
	case dns.RcodeSuccess, dns.RcodeNameError:
	default:
		return nil, fmt.Errorf("ask %s for %s %s: %s", r.addr, dns.TypeToString[qtype], name, dns.RcodeToString[in.Rcode])
	}
	var out []string
	for _, rr := range in.Answer {
		switch v := rr.(type) {
		case *dns.CNAME:
			// A resolver answering an A question follows CNAMEs and
			// includes them; only a CNAME question wants them.
			if qtype == dns.TypeCNAME && strings.EqualFold(v.Hdr.Name, dns.Fqdn(name)) {
				out = append(out, strings.ToLower(strings.TrimSuffix(v.Target, ".")))
			}
		case *dns.A:
			if qtype == dns.TypeA {
				out = append(out, v.A.String())
			}
		case *dns.AAAA:
			if qtype == dns.TypeAAAA {
				out = append(out, v.AAAA.String())
			}
		case *dns.TXT:
			if qtype == dns.TypeTXT {
				out = append(out, strings.Join(v.Txt, ""))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Exists reports whether name exists in the DNS at all (any record, or
// names below it): NXDOMAIN is the one answer that says it does not.
func (r *Resolver) Exists(ctx context.Context, name string) (bool, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), dns.TypeSOA)
	m.RecursionDesired = true
	c := &dns.Client{Timeout: r.timeout}
	in, _, err := c.ExchangeContext(ctx, m, r.addr)
	if err != nil {
		return false, fmt.Errorf("ask %s about %s: %w", r.addr, name, err)
	}
	switch in.Rcode {
	case dns.RcodeNameError:
		return false, nil
	case dns.RcodeSuccess:
		return true, nil
	}
	return false, fmt.Errorf("ask %s about %s: %s", r.addr, name, dns.RcodeToString[in.Rcode])
}
