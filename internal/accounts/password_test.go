package accounts

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHashPassword(t *testing.T) {
	t.Parallel()
	hash, err := hashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not argon2id with the OWASP parameters in PHC format", hash)
	}
	if !checkPassword(hash, goodPassword) {
		t.Error("the right password does not match its hash")
	}
	if checkPassword(hash, goodPassword+"!") {
		t.Error("a wrong password matches")
	}
	again, err := hashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if again == hash {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestCheckPasswordRefusesMalformedHashes(t *testing.T) {
	t.Parallel()
	good, err := hashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$")
	for _, tc := range []struct{ name, hash string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuu"},
		{"argon2i", strings.Replace(good, "argon2id", "argon2i", 1)},
		{"old version", strings.Replace(good, "v=19", "v=16", 1)},
		{"huge memory", strings.Replace(good, "m=19456", "m=99999999", 1)},
		{"many passes", strings.Replace(good, "t=2", "t=1000", 1)},
		{"no lanes", strings.Replace(good, "p=1", "p=0", 1)},
		{"bad salt", strings.Join(append(parts[:4:4], "!!", parts[5]), "$")},
		{"short key", strings.Join(append(parts[:5:5], "AAAA"), "$")},
		{"missing part", strings.Join(parts[:5], "$")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if checkPassword(tc.hash, goodPassword) {
				t.Errorf("%q matched", tc.hash)
			}
		})
	}
}

func TestPasswordProblem(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pw, email, want string
	}{
		{"correct horse battery", "anna@example.com", ""},
		{"short", "anna@example.com", "Use at least 10 characters."},
		{"ninechars", "", "Use at least 10 characters."},
		{"ünïcødé", "", "Use at least 10 characters."},
		{"tencharsok", "", ""},
		{"ääääääääää", "", ""},
		{strings.Repeat("x", 200) + "y", "", "Use at most 200 characters."},
		{strings.Repeat("xy", 100), "", ""},
		{"1234567890", "", "This password is too common. Choose another."},
		{"QwertyUiop", "", "This password is too common. Choose another."},
		{"Password123", "", "This password is too common. Choose another."},
		{"iloveyou12", "", "This password is too common. Choose another."},
		{"basketball", "", "This password is too common. Choose another."},
		{"anna.baker@example.com", "Anna.Baker@Example.com", "The password must not be your e-mail address."},
		{"anna.baker", "anna.baker@example.com", "The password must not be your e-mail address."},
		{"ANNA.BAKER", " anna.baker@example.com ", "The password must not be your e-mail address."},
		{"anna.baker1", "anna.baker@example.com", ""},
	} {
		if got := PasswordProblem(tc.pw, tc.email); got != tc.want {
			t.Errorf("PasswordProblem(%q, %q) = %q, want %q", tc.pw, tc.email, got, tc.want)
		}
	}
}

func TestCommonPasswordsList(t *testing.T) {
	t.Parallel()
	if n := len(commonPasswords); n < 500 {
		t.Fatalf("%d common passwords, want at least 500", n)
	}
	for pw := range commonPasswords {
		if utf8.RuneCountInString(pw) < minPasswordLen || pw != strings.ToLower(pw) {
			t.Errorf("%q: the list should hold only lowercased passwords the length rule lets through", pw)
		}
	}
}
