package plans

import "testing"

func TestPlans(t *testing.T) {
	tests := []struct {
		id       ID
		pages    int
		api      bool
		branding bool
	}{
		{Free, 5, false, false},
		{Starter, 50, false, true},
		{Business, Unlimited, true, true},
		{Premium, Unlimited, true, true},
		{Trial, Unlimited, true, true},
	}
	for _, tt := range tests {
		p, ok := Get(tt.id)
		if !ok {
			t.Fatalf("Get(%s) not found", tt.id)
		}
		if p.Pages != tt.pages || p.API != tt.api || p.RemoveBranding != tt.branding {
			t.Errorf("%s = %+v", tt.id, p)
		}
	}
	if p := MustGet("gone"); p.ID != Free {
		t.Errorf("unknown plan resolves to %s, want free", p.ID)
	}
	prem, _ := Get(Premium)
	bus, _ := Get(Business)
	if prem.APIQuotaDay != 4*bus.APIQuotaDay || prem.APIQuotaMonth != 4*bus.APIQuotaMonth {
		t.Error("Premium quotas must be four times Business")
	}
	for _, p := range All() {
		if p.CustomCode != (p.ID == Premium) {
			t.Errorf("%s: custom code %v; only Premium has it", p.ID, p.CustomCode)
		}
	}
	if MustGet(Trial).CustomCode {
		t.Error("the trial (Business features) has custom code")
	}
	if !Allows(Unlimited, 1e6) || Allows(5, 6) || !Allows(5, 5) {
		t.Error("Allows")
	}
}
