package taxes

// LineAmounts is what one line costs: Subtotal is unit price × quantity as
// entered (with tax when prices include it), Tax is its tax rounded once to
// the minor unit, and Total is what the shopper pays for it.
type LineAmounts struct {
	Subtotal int64
	Tax      int64
	Total    int64
	// Net is the line without tax.
	Net int64
}

// Line computes one line's amounts. unitPrice is in minor units, rateBP in
// basis points; includeTax says the price already holds the tax. The tax
// is rounded half away from zero, once per line (not per unit), as
// invoices show it.
func Line(unitPrice int64, qty int, rateBP int, includeTax bool) LineAmounts {
	sub := unitPrice * int64(qty)
	return Amount(sub, rateBP, includeTax)
}

// Amount computes the tax of an amount (a line, a shipping charge, a fee).
func Amount(amount int64, rateBP int, includeTax bool) LineAmounts {
	if rateBP <= 0 {
		return LineAmounts{Subtotal: amount, Total: amount, Net: amount}
	}
	r := int64(rateBP)
	if includeTax {
		tax := divRound(amount*r, 10000+r)
		return LineAmounts{Subtotal: amount, Tax: tax, Total: amount, Net: amount - tax}
	}
	tax := divRound(amount*r, 10000)
	return LineAmounts{Subtotal: amount, Tax: tax, Total: amount + tax, Net: amount}
}

// divRound divides, rounding half away from zero.
func divRound(a, b int64) int64 {
	if a < 0 {
		return -divRound(-a, b)
	}
	return (2*a + b) / (2 * b)
}

// Recap is the tax of one rate across an order, for invoices.
type Recap struct {
	RateBP int
	Net    int64
	Tax    int64
}

// Totals adds lines up: the order's figures are always sums of its lines.
type Totals struct {
	Subtotal int64 // sum of Subtotal
	Tax      int64 // sum of Tax
	Total    int64 // sum of Total
	Net      int64
}

// Add adds a line to the totals.
func (t *Totals) Add(l LineAmounts) {
	t.Subtotal += l.Subtotal
	t.Tax += l.Tax
	t.Total += l.Total
	t.Net += l.Net
}
