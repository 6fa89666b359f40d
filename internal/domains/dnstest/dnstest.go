// Package dnstest runs a small authoritative DNS server on loopback for
// tests: a test sets the records an owner would create at their DNS
// provider, and the platform's resolver asks this server for them.
package dnstest

import (
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"
)

// Server answers A, AAAA, CNAME and TXT questions from records a test sets.
type Server struct {
	// Addr is "127.0.0.1:port", for PAGECART_DNS_RESOLVER; the server
	// answers on UDP and TCP there (pebble's validator asks over TCP).
	Addr string

	mu      sync.Mutex
	records map[string]map[uint16][]string // fqdn → type → values
	srv     *dns.Server
	tcp     *dns.Server
}

// Start runs a server until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: pc.LocalAddr().String(), records: map[string]map[uint16][]string{}}
	started := make(chan struct{})
	s.srv = &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(s.serve), NotifyStartedFunc: func() { close(started) }}
	go func() { _ = s.srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = s.srv.Shutdown() })
	// TCP on the same port number, when it is free (it nearly always is).
	if ln, err := net.Listen("tcp", s.Addr); err == nil {
		tcpStarted := make(chan struct{})
		s.tcp = &dns.Server{Listener: ln, Handler: dns.HandlerFunc(s.serve), NotifyStartedFunc: func() { close(tcpStarted) }}
		go func() { _ = s.tcp.ActivateAndServe() }()
		<-tcpStarted
		t.Cleanup(func() { _ = s.tcp.Shutdown() })
	}
	return s
}

// Set replaces the records of one type at name ("www.example.com",
// dns.TypeCNAME, "site.localhost"); no values removes them.
func (s *Server) Set(name string, qtype uint16, values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fq := dns.Fqdn(strings.ToLower(name))
	if s.records[fq] == nil {
		s.records[fq] = map[uint16][]string{}
	}
	s.records[fq][qtype] = values
}

func (s *Server) serve(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	if len(req.Question) == 1 {
		q := req.Question[0]
		s.mu.Lock()
		byType, known := s.records[strings.ToLower(q.Name)]
		// Like a resolver, an address question about a CNAME gets the
		// CNAME (the test server does not chase it further).
		values, qtype := byType[q.Qtype], q.Qtype
		if len(values) == 0 && (q.Qtype == dns.TypeA || q.Qtype == dns.TypeAAAA) {
			values, qtype = byType[dns.TypeCNAME], dns.TypeCNAME
		}
		s.mu.Unlock()
		if !known {
			m.Rcode = dns.RcodeNameError
		}
		for _, v := range values {
			hdr := dns.RR_Header{Name: q.Name, Rrtype: qtype, Class: dns.ClassINET, Ttl: 60}
			switch qtype {
			case dns.TypeA:
				m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: net.ParseIP(v)})
			case dns.TypeAAAA:
				m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr, AAAA: net.ParseIP(v)})
			case dns.TypeCNAME:
				m.Answer = append(m.Answer, &dns.CNAME{Hdr: hdr, Target: dns.Fqdn(v)})
			case dns.TypeTXT:
				m.Answer = append(m.Answer, &dns.TXT{Hdr: hdr, Txt: []string{v}})
			}
		}
	}
	_ = w.WriteMsg(m)
}
