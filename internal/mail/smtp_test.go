package mail_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/mail"
)

// fakeSMTP is a minimal SMTP server on a loopback port: enough of the
// protocol for go-mail to deliver one message, recording what arrived.
type fakeSMTP struct {
	addr string
	// rcptReply is the answer to RCPT TO, to play a refusing server.
	rcptReply string

	mu   sync.Mutex
	from []string
	rcpt []string
	data []string
}

func newFakeSMTP(t *testing.T, rcptReply string) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeSMTP{addr: ln.Addr().String(), rcptReply: rcptReply}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { s.serve(conn) })
		}
	})
	return s
}

func (s *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	reply := func(line string) { _, _ = conn.Write([]byte(line + "\r\n")) }
	reply("220 fake ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch {
		case verb == "EHLO" || verb == "HELO":
			reply("250 fake")
		case strings.HasPrefix(strings.ToUpper(line), "MAIL FROM:"):
			s.record(&s.from, line)
			reply("250 OK")
		case strings.HasPrefix(strings.ToUpper(line), "RCPT TO:"):
			s.record(&s.rcpt, line)
			reply(s.rcptReply)
		case verb == "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			var body strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				body.WriteString(l)
			}
			s.record(&s.data, body.String())
			reply("250 OK queued")
		case verb == "QUIT":
			reply("221 bye")
			return
		default:
			// NOOP, RSET and anything else go-mail may say.
			reply("250 OK")
		}
	}
}

func (s *fakeSMTP) record(list *[]string, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	*list = append(*list, v)
}

func (s *fakeSMTP) received() (from, rcpt, data []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.from, s.rcpt, s.data
}

func TestSMTPSenderDelivers(t *testing.T) {
	tests := []struct {
		name         string
		rcptReply    string
		wantErr      bool
		wantRejected bool
	}{
		{"accepted", "250 OK", false, false},
		{"mailbox unknown", "550 5.1.1 no such user", true, true},
		{"try later", "451 4.3.0 try again later", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeSMTP(t, tt.rcptReply)
			sender, err := mail.NewSender("smtp://"+srv.addr, "Pagecart <noreply@pagecart.example>", nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err = sender.Send(ctx, mail.Message{
				ID: 7, To: "anna@example.com", Subject: "Welcome to Pagecart", Text: "Hello Anna",
			})
			if (err != nil) != tt.wantErr || errors.Is(err, mail.ErrRejected) != tt.wantRejected {
				t.Fatalf("Send = %v; want error %v, rejected %v", err, tt.wantErr, tt.wantRejected)
			}
			from, rcpt, data := srv.received()
			if len(from) == 0 || !strings.Contains(from[0], "<noreply@pagecart.example>") {
				t.Errorf("MAIL FROM = %q", from)
			}
			if len(rcpt) == 0 || !strings.Contains(rcpt[0], "<anna@example.com>") {
				t.Errorf("RCPT TO = %q", rcpt)
			}
			if tt.wantErr {
				return
			}
			if len(data) != 1 {
				t.Fatalf("got %d messages", len(data))
			}
			for _, want := range []string{"Subject: Welcome to Pagecart", "To: <anna@example.com>", "Message-ID: <7.pagecart@pagecart.example>", "Hello Anna"} {
				if !strings.Contains(data[0], want) {
					t.Errorf("message lacks %q:\n%s", want, data[0])
				}
			}
		})
	}
}

func TestNewSenderChecksURL(t *testing.T) {
	tests := []struct {
		url, from string
		wantErr   string
	}{
		{"smtp://mail.example.com", "noreply@example.com", ""},
		{"smtps://user:secret@mail.example.com:2465", "noreply@example.com", ""},
		{"smtp://mail.example.com?from=shop%40example.com", "", ""},
		{"http://mail.example.com", "noreply@example.com", "not smtp or smtps"},
		{"smtp://", "noreply@example.com", "no host"},
		{"smtp://mail.example.com:port", "noreply@example.com", "port"},
		{"smtp://mail.example.com", "", "sender address"},
	}
	for _, tt := range tests {
		_, err := mail.NewSender(tt.url, tt.from, nil)
		if tt.wantErr == "" && err != nil {
			t.Errorf("NewSender(%q, %q) = %v", tt.url, tt.from, err)
		}
		if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("NewSender(%q, %q) = %v, want an error containing %q", tt.url, tt.from, err, tt.wantErr)
		}
	}
}
