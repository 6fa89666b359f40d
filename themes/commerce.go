package themes

// The selling side of the shop: cart, checkout, the order page, the
// customer's account and the test provider's payment page. As with the
// catalog, every text arrives ready to print; the markup is shared
// (commerce.html) and styled by commerce.css with each design's --shop-*
// values.

// Commerce, when set on a PageView, makes the page one of these; exactly
// one of its fields is set.
type Commerce struct {
	Cart     *CartView
	Checkout *CheckoutView
	Order    *OrderView
	Account  *AccountView
	Payment  *PaymentPageView
}

// CartView is the cart page.
type CartView struct {
	Lines    []CartLine
	Empty    bool
	Message  string // "Added to your cart."
	Error    string // a quantity that stock cannot cover
	Subtotal string
	TaxNote  string // "Prices include tax." or "Tax is added at checkout."
	Shipping string // "From €4.90" or "Free" or ""
	Total    string
}

// CartLine is one line of the cart.
type CartLine struct {
	VariantID    int64
	URL          string
	Title        string
	VariantTitle string
	Picture      *Picture
	Qty          int
	MaxQty       int
	UnitPrice    string
	Total        string
	Problem      string // "Only 2 left in stock.", "Sold out."
}

// Step is one step of the checkout.
type Step struct {
	Label, URL    string
	Current, Done bool
	Number        int
}

// Field is a form field's value and its message.
type Field struct {
	Value, Error string
}

// AddressForm is an address's fields, named Prefix+"name" and so on.
type AddressForm struct {
	Countries                                                   []CountryOption
	Prefix                                                      string
	Name, Company, Line1, Line2, City, Postcode, Country, Phone Field
}

// CountryOption is one country of the list.
type CountryOption struct {
	Code, Name string
}

// Choice is one radio button (a shipping or payment method).
type Choice struct {
	Value, Label, Price, Detail string
	Checked                     bool
}

// SummaryLine is a line of an order summary.
type SummaryLine struct {
	Title, VariantTitle string
	Qty                 int
	UnitPrice, Total    string
}

// Summary is the money part of a cart or order.
type Summary struct {
	Lines    []SummaryLine
	Subtotal string
	Shipping string // "" when none was chosen yet
	Fee      string // "" for none
	Tax      string // the tax inside (or on top of) the total
	TaxLabel string // "Including tax" or "Tax"
	Total    string
}

// CheckoutView is one step of the checkout.
type CheckoutView struct {
	Step            string // "details", "delivery" or "review"
	Steps           []Step
	Error           string // a message for the whole form (sold out, expired)
	Customer        string // the logged-in customer's e-mail, "" for a guest
	Email           Field
	Phone           Field
	Billing         AddressForm
	Shipping        AddressForm
	SameAddress     bool
	Countries       []CountryOption
	ShippingChoices []Choice
	ShippingError   string
	PaymentChoices  []Choice
	PaymentError    string
	Note            Field
	Terms           string
	TermsError      string
	SubmissionKey   string
	Summary         Summary
	// Review: the chosen details, ready to print.
	BillingLines, ShippingLines []string
	ShippingName, PaymentName   string
}

// TimelineEntry is one event of an order, for the shopper.
type TimelineEntry struct {
	When, Text string
}

// OrderView is the order's own page.
type OrderView struct {
	Number, Date, Status, PaymentStatus string
	JustPlaced                          bool
	Email                               string
	Summary                             Summary
	BillingLines, ShippingLines         []string
	ShippingName, PaymentName           string
	Note                                string
	// Bank transfer: where to pay and with which reference.
	BankDetails      []string
	PaymentReference string
	Due              string // "" when paid
	Instructions     string
	PayAction        string // POST here to pay by card, "" when not offered
	PaymentMessage   string // "Your payment was received." or a failure
	Timeline         []TimelineEntry
	OfferAccount     bool // a guest may create an account with this order
	AccountAction    string
	AccountError     map[string]string
}

// OrderRow is an order in the account's history.
type OrderRow struct {
	Number, URL, Date, Status, Total string
}

// AddressRow is a saved address.
type AddressRow struct {
	ID        int64
	Lines     []string
	IsDefault bool
}

// AccountView is the customer's account page, or the log-in and register
// forms.
type AccountView struct {
	LoggedIn    bool
	Email, Name string
	Message     string
	Orders      []OrderRow
	Addresses   []AddressRow
	NewAddress  AddressForm
	Countries   []CountryOption
	// Forms for a visitor: log in and register.
	LoginEmail    Field
	LoginError    string
	RegisterEmail Field
	RegisterName  Field
	RegisterError map[string]string
	Next          string // where to go after logging in
}

// PaymentPageView is the test payment provider's hosted page.
type PaymentPageView struct {
	Shop, OrderNumber, Amount string
	Action                    string
	Done                      bool
	Status                    string
	BackURL                   string
}
