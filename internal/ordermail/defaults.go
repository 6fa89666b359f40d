package ordermail

// linesBlock is the order's lines and totals as the default e-mails list them.
const linesBlock = `{{range .Order.Lines}}{{.Quantity}} × {{.Name}}: {{.Total}}
{{end}}
Shipping: {{.Order.Shipping}}
Total: {{.Order.Total}}
`

// Default returns the wording a site starts with.
func Default(e Event) Template {
	t := Template{Event: e}
	switch e {
	case Received:
		t.Subject = "Order {{.Order.Number}} received"
		t.Body = `Hello {{.Customer.Name}},

thank you for your order {{.Order.Number}} at {{.Shop.Name}}. We have received it and will let you know when it is on its way.

` + linesBlock + `{{if .Order.PaymentReference}}
Payment: {{.Order.PaymentMethod}}, reference {{.Order.PaymentReference}}
{{end}}
Delivery to:
{{.Order.ShippingAddress}}

You can see your order at any time: {{.Order.URL}}

{{.Shop.Name}}
`
	case Paid:
		t.Subject = "Payment for order {{.Order.Number}} received"
		t.Body = `Hello {{.Customer.Name}},

we have received your payment of {{.Order.Paid}} for order {{.Order.Number}}. Thank you!

Your order: {{.Order.URL}}

{{.Shop.Name}}
`
	case Shipped:
		t.Subject = "Order {{.Order.Number}}: {{.Order.Status}}"
		t.Body = `Hello {{.Customer.Name}},

your order {{.Order.Number}} is now: {{.Order.Status}}.

` + linesBlock + `
Your order: {{.Order.URL}}

{{.Shop.Name}}
`
	case Cancelled:
		t.Subject = "Order {{.Order.Number}} cancelled"
		t.Body = `Hello {{.Customer.Name}},

your order {{.Order.Number}} at {{.Shop.Name}} has been cancelled.{{if .Order.WasPaid}} We will refund the {{.Order.Paid}} you paid.{{end}}

If you have any questions, just reply to this e-mail{{if .Shop.Email}} or write to {{.Shop.Email}}{{end}}.

{{.Shop.Name}}
`
	}
	return t
}
