package platform

import "github.com/pagecart/pagecart/internal/signup"

// termsVersion is shown on the terms page and recorded with each signup.
func termsVersion() string { return signup.TermsVersion }
