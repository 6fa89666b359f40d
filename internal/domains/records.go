package domains

import (
	"context"
	"net/netip"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// Status is what a DNS check found for one record the owner must create.
type Status string

// The statuses of a record.
const (
	Unchecked Status = "unchecked" // not looked up yet
	Missing   Status = "missing"   // no such record
	Wrong     Status = "wrong"     // a record exists with another value (Found says which)
	Correct   Status = "correct"
	// Unknown means the DNS server did not answer; the next check retries.
	Unknown Status = "unknown"
)

// Record is one DNS record the owner creates at their DNS provider, with
// what the last check found.
type Record struct {
	Type   string   `json:"type"`  // CNAME, A, AAAA or TXT
	Name   string   `json:"name"`  // the full name the record is for
	Value  string   `json:"value"` // what it must contain
	Status Status   `json:"status"`
	Found  []string `json:"found,omitempty"` // the values found when Wrong
	// Purpose says in a few words why the record is needed.
	Purpose string `json:"purpose"`
}

// TXTPrefix is the label under which a domain's verification record lives:
// _pagecart.www.example.com. A separate name keeps it apart from the
// domain's own TXT records (SPF and the like) and is allowed next to a CNAME.
const TXTPrefix = "_pagecart."

// txtValue is the content of the verification record for a token.
func txtValue(token string) string { return "pagecart-verify=" + token }

// Lookuper answers DNS questions; *Resolver is the real one.
type Lookuper interface {
	Lookup(ctx context.Context, name string, qtype uint16) ([]string, error)
}

// plan lists the records a host needs to route to a site whose own
// address is target (NAME.<base domain>), with the platform's public
// addresses ips (which may be empty in development), and to prove its
// owner with token. A name under a domain points by CNAME, which follows
// the platform if its addresses change; an apex cannot carry a CNAME, so
// it gets A/AAAA records when the platform has published addresses.
func plan(host, target, token string, ips []netip.Addr) []Record {
	var rs []Record
	if IsApex(host) && len(ips) > 0 {
		var v4, v6 []string
		for _, ip := range ips {
			if ip.Is4() {
				v4 = append(v4, ip.String())
			} else {
				v6 = append(v6, ip.String())
			}
		}
		if len(v4) > 0 {
			rs = append(rs, Record{Type: "A", Name: host, Value: strings.Join(v4, " and "), Status: Unchecked,
				Purpose: "Sends visitors to Pagecart"})
		}
		if len(v6) > 0 {
			rs = append(rs, Record{Type: "AAAA", Name: host, Value: strings.Join(v6, " and "), Status: Unchecked,
				Purpose: "Sends visitors on IPv6 to Pagecart"})
		}
	} else {
		rs = append(rs, Record{Type: "CNAME", Name: host, Value: target, Status: Unchecked,
			Purpose: "Sends visitors to your Pagecart site"})
	}
	rs = append(rs, Record{Type: "TXT", Name: TXTPrefix + host, Value: txtValue(token), Status: Unchecked,
		Purpose: "Proves the domain is yours"})
	return rs
}

// check looks every record of rs up and sets its Status and Found.
func check(ctx context.Context, l Lookuper, rs []Record, ips []netip.Addr) []Record {
	out := make([]Record, len(rs))
	for i, r := range rs {
		r.Found = nil
		switch r.Type {
		case "CNAME":
			r.Status, r.Found = checkCNAME(ctx, l, r, ips)
		case "A", "AAAA":
			r.Status, r.Found = checkAddresses(ctx, l, r)
		case "TXT":
			found, err := l.Lookup(ctx, r.Name, dns.TypeTXT)
			r.Status, r.Found = compare(found, err, func(v string) bool { return v == r.Value }, true)
		}
		out[i] = r
	}
	return out
}

// compare grades what a lookup found: any value that fits is enough when
// anyFits (a TXT record among others), otherwise every value must fit
// (an address elsewhere would send some visitors away).
func compare(found []string, err error, fits func(string) bool, anyFits bool) (Status, []string) {
	if err != nil {
		return Unknown, nil
	}
	if len(found) == 0 {
		return Missing, nil
	}
	ok := slices.ContainsFunc(found, fits)
	if !anyFits {
		ok = !slices.ContainsFunc(found, func(v string) bool { return !fits(v) })
	}
	if ok {
		return Correct, nil
	}
	return Wrong, found
}

// checkCNAME accepts the CNAME asked for, or, when the owner preferred A
// records (some DNS providers flatten CNAMEs), addresses that are all the
// platform's.
func checkCNAME(ctx context.Context, l Lookuper, r Record, ips []netip.Addr) (Status, []string) {
	found, err := l.Lookup(ctx, r.Name, dns.TypeCNAME)
	if err != nil || len(found) > 0 {
		return compare(found, err, func(v string) bool { return v == r.Value }, false)
	}
	addrs, err := l.Lookup(ctx, r.Name, dns.TypeA)
	if err != nil {
		return Unknown, nil
	}
	if len(addrs) == 0 {
		return Missing, nil
	}
	if len(ips) > 0 && !slices.ContainsFunc(addrs, func(a string) bool { return !isPlatform(a, ips) }) {
		return Correct, nil
	}
	for i, a := range addrs {
		addrs[i] = "A " + a
	}
	return Wrong, addrs
}

func checkAddresses(ctx context.Context, l Lookuper, r Record) (Status, []string) {
	qtype := dns.TypeA
	if r.Type == "AAAA" {
		qtype = dns.TypeAAAA
	}
	found, err := l.Lookup(ctx, r.Name, qtype)
	want := strings.Split(r.Value, " and ")
	return compare(found, err, func(v string) bool { return slices.Contains(want, v) }, false)
}

func isPlatform(addr string, ips []netip.Addr) bool {
	a, err := netip.ParseAddr(addr)
	return err == nil && slices.Contains(ips, a.Unmap())
}

// allCorrect reports whether every record checked correct.
func allCorrect(rs []Record) bool {
	return len(rs) > 0 && !slices.ContainsFunc(rs, func(r Record) bool { return r.Status != Correct })
}
