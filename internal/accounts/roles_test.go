package accounts

import "testing"

func TestRoleCan(t *testing.T) {
	t.Parallel()
	perms := []Permission{PermContent, PermSettings, PermStaff, PermPlan, PermScripts}
	for _, tc := range []struct {
		role Role
		can  []bool // in the order of perms
	}{
		{RoleOwner, []bool{true, true, true, true, true}},
		{RoleManager, []bool{true, true, false, false, false}},
		{RoleEditor, []bool{true, false, false, false, false}},
		{Role("admin"), []bool{false, false, false, false, false}},
	} {
		for i, p := range perms {
			if got := tc.role.Can(p); got != tc.can[i] {
				t.Errorf("%s.Can(%s) = %v, want %v", tc.role, p, got, tc.can[i])
			}
		}
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want Role
		ok   bool
	}{
		{"owner", RoleOwner, true},
		{"manager", RoleManager, true},
		{"editor", RoleEditor, true},
		{"Owner", "", false},
		{"", "", false},
		{"admin", "", false},
	} {
		if got, ok := ParseRole(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for _, r := range Roles() {
		if _, ok := ParseRole(string(r)); !ok {
			t.Errorf("Roles lists %q, which ParseRole refuses", r)
		}
	}
}
