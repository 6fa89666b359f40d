// Package ordermail writes the e-mails a shop sends about an order: when
// it is received, paid, moved to a status that notifies the customer
// (shipped, and the owner's own such statuses) and cancelled. Each site
// may reword them; the defaults are here. Templates are text/template with
// one fixed data shape (Data), checked when saved, and rendered so that a
// mistake in one can never stop an order or crash the program.
package ordermail

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"text/template"
	"text/template/parse"
)

// Event names one of the e-mails.
type Event string

// The e-mails a site can reword.
const (
	Received  Event = "received"
	Paid      Event = "paid"
	Shipped   Event = "shipped"
	Cancelled Event = "cancelled"
)

// Events lists them in the order the settings page shows them.
func Events() []Event { return []Event{Received, Paid, Shipped, Cancelled} }

// ParseEvent returns the event named s.
func ParseEvent(s string) (Event, bool) {
	for _, e := range Events() {
		if string(e) == s {
			return e, true
		}
	}
	return "", false
}

// Label is the event's name on the settings page.
func (e Event) Label() string {
	switch e {
	case Received:
		return "Order received"
	case Paid:
		return "Order paid"
	case Shipped:
		return "Status update (shipped)"
	case Cancelled:
		return "Order cancelled"
	}
	return string(e)
}

// Description says when the e-mail is sent.
func (e Event) Description() string {
	switch e {
	case Received:
		return "Sent to the customer as soon as an order is placed."
	case Paid:
		return "Sent when the order is fully paid: by card, or when you record the payment."
	case Shipped:
		return "Sent when you move an order to a status that notifies the customer, such as Shipped. {{.Order.Status}} is the new status's name."
	case Cancelled:
		return "Sent when an order is cancelled."
	}
	return ""
}

// Template is a site's wording of one e-mail.
type Template struct {
	Event   Event
	Subject string
	Body    string
	// Custom is false while the site uses the default wording.
	Custom bool
}

// Limits of a template and of what it may produce.
const (
	maxSubject    = 300
	maxBody       = 20000
	maxOutput     = 64 << 10
	maxSubjectOut = 400
)

// errTooLong stops a template whose output outgrows an e-mail.
var errTooLong = errors.New("the e-mail would be longer than 64 KB")

// limited is a buffer that refuses to grow past max bytes, so a template
// cannot fill memory.
type limited struct {
	bytes.Buffer
	max int
}

func (l *limited) Write(p []byte) (int, error) {
	if l.Len()+len(p) > l.max {
		return 0, errTooLong
	}
	return l.Buffer.Write(p)
}

// compile parses one template text and refuses what a shop's e-mail has no
// use for and what could run away: defining or calling other templates,
// and ranging over anything but a list of the data (numbers included,
// which text/template would count up to).
func compile(name, text string) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, cleanError(err)
	}
	if len(t.Templates()) > 1 {
		return nil, errors.New("{{define}} and {{block}} are not available in e-mail templates")
	}
	if t.Tree == nil || t.Root == nil {
		return t, nil
	}
	if err := check(t.Root); err != nil {
		return nil, err
	}
	return t, nil
}

// check walks the parsed template for the forbidden nodes.
func check(n parse.Node) error {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := check(c); err != nil {
				return err
			}
		}
	case *parse.TemplateNode:
		return errors.New("{{template}} is not available in e-mail templates")
	case *parse.RangeNode:
		if !rangesOverField(n.Pipe) {
			return fmt.Errorf("line %d: {{range}} can only go through a list, such as {{range .Order.Lines}}", n.Line)
		}
		return errors.Join(check(n.List), check(n.ElseList))
	case *parse.IfNode:
		return errors.Join(check(n.List), check(n.ElseList))
	case *parse.WithNode:
		return errors.Join(check(n.List), check(n.ElseList))
	}
	return nil
}

func rangesOverField(p *parse.PipeNode) bool {
	if p == nil || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	switch a := p.Cmds[0].Args[0].(type) {
	case *parse.FieldNode:
		return true
	case *parse.VariableNode:
		return len(a.Ident) > 1 // $.Order.Lines, not a bare $x
	}
	return false
}

// Go's messages about a field the data does not have, rewritten for a
// shop owner: "executing "body" at <.Order.Numbr>: can't evaluate field
// Numbr in type ordermail.Order".
var (
	unknownField = regexp.MustCompile(`^(\d+):\d+: executing "\w+" at <([^>]*)>: can't evaluate field (\w+) in type .*$`)
	position     = regexp.MustCompile(`^(\d+)(?::\d+)?: (?:executing "\w+" at <[^>]*>: )?`)
)

// cleanError drops the template's internal name and Go's wording from a
// message, so that the owner reads "line 3: …".
func cleanError(err error) error {
	msg := err.Error()
	for _, p := range []string{"template: subject:", "template: body:"} {
		msg = strings.TrimPrefix(msg, p)
	}
	msg = strings.TrimSpace(msg)
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("line %s: {{%s}} is not one of the names you can use (see “What you can use”)", m[1], m[2])
	}
	msg = position.ReplaceAllString(msg, "line $1: ")
	if strings.HasSuffix(msg, "unexpected EOF") {
		msg += " (an {{if}}, {{range}} or {{with}} needs its {{end}})"
	}
	return errors.New(msg)
}

// execute runs t on data, turning any failure (a panic included) into an
// error for the owner.
func execute(t *template.Template, data Data, max int) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the template failed: %v", r)
		}
	}()
	buf := &limited{max: max}
	if err := t.Execute(buf, data); err != nil {
		if errors.Is(err, errTooLong) {
			return "", errTooLong
		}
		return "", cleanError(err)
	}
	return buf.String(), nil
}

// Render writes an e-mail's subject and body for data. A subject is one
// line: line breaks are replaced by spaces.
func Render(tpl Template, data Data) (subject, body string, err error) {
	st, err := compile("subject", tpl.Subject)
	if err != nil {
		return "", "", fmt.Errorf("subject: %w", err)
	}
	bt, err := compile("body", tpl.Body)
	if err != nil {
		return "", "", fmt.Errorf("body: %w", err)
	}
	if subject, err = execute(st, data, maxSubjectOut); err != nil {
		return "", "", fmt.Errorf("subject: %w", err)
	}
	if body, err = execute(bt, data, maxOutput); err != nil {
		return "", "", fmt.Errorf("body: %w", err)
	}
	subject = strings.Join(strings.Fields(subject), " ")
	return subject, body, nil
}
