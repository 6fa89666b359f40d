package accounts

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters recommended by OWASP (19 MiB, two passes, one lane):
// about 30–50 ms per hash, slow enough to make stolen hashes expensive to
// guess and fast enough for a login. They are written into every hash, so
// they can be raised later without invalidating stored passwords.
const (
	argonMemory  = 19456
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Limits of the password policy, in characters.
const (
	minPasswordLen = 10
	// maxPasswordLen bounds the work a single login can ask of the hasher.
	maxPasswordLen = 200
)

// hashPassword returns pw hashed with argon2id in the PHC string format,
// $argon2id$v=19$m=…,t=…,p=…$salt$hash, with a fresh random salt.
func hashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// checkPassword reports whether pw matches hash, made by hashPassword with
// any parameters. A malformed hash never matches. The comparison takes the
// same time wherever the first differing byte is.
func checkPassword(hash, pw string) bool {
	var version int
	var memory, passes uint32
	var threads uint8
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil {
		return false
	}
	// A damaged or hostile hash must not make one check take minutes or
	// gigabytes: these bounds are far above any parameters we would choose.
	if memory < 8 || memory > 1<<21 || passes < 1 || passes > 16 || threads < 1 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, passes, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// Messages of the password policy, shown under the password field.
const (
	msgPasswordShort  = "Use at least 10 characters."
	msgPasswordLong   = "Use at most 200 characters."
	msgPasswordCommon = "This password is too common. Choose another."
	msgPasswordEmail  = "The password must not be your e-mail address."
)

//go:embed common-passwords.txt
var commonPasswordsText string

// commonPasswords is built once from the embedded list and only read after,
// so sharing it between goroutines is safe.
var commonPasswords = parseCommonPasswords(commonPasswordsText)

func parseCommonPasswords(text string) map[string]bool {
	set := make(map[string]bool, 2048)
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			set[strings.ToLower(line)] = true
		}
	}
	return set
}

// PasswordProblem checks pw against the policy and returns "" when it is
// acceptable, or else the sentence to show. Length is the only rule about
// composition: long passwords that are not well known resist guessing better
// than short ones with forced symbols, and people remember them.
func PasswordProblem(pw, email string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < minPasswordLen:
		return msgPasswordShort
	case n > maxPasswordLen:
		return msgPasswordLong
	}
	lower := strings.ToLower(pw)
	if commonPasswords[lower] {
		return msgPasswordCommon
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if email != "" {
		local, _, _ := strings.Cut(email, "@")
		if lower == email || lower == local {
			return msgPasswordEmail
		}
	}
	return ""
}
