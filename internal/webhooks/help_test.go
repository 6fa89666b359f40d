package webhooks_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pagecart/pagecart/internal/webhooks"
)

// article is the help centre's page on webhooks, whose examples must work.
const article = "../help/articles/api/webhooks.md"

// verify is the help article's Go example, word for word (the test below
// checks that the article still holds exactly this).
const verifySource = `func verify(secret, header string, body []byte) bool {
	var t, v1 string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			t = v
		case "v1":
			v1 = v
		}
	}
	sec, err := strconv.ParseInt(t, 10, 64)
	if err != nil || time.Since(time.Unix(sec, 0)).Abs() > 5*time.Minute {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(t + "."))
	mac.Write(body)
	return hmac.Equal([]byte(v1), []byte(hex.EncodeToString(mac.Sum(nil))))
}`

func verify(secret, header string, body []byte) bool {
	var t, v1 string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			t = v
		case "v1":
			v1 = v
		}
	}
	sec, err := strconv.ParseInt(t, 10, 64)
	if err != nil || time.Since(time.Unix(sec, 0)).Abs() > 5*time.Minute {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(t + "."))
	mac.Write(body)
	return hmac.Equal([]byte(v1), []byte(hex.EncodeToString(mac.Sum(nil))))
}

// The help article's Go and shell examples accept what Pagecart signs and
// refuse a changed body.
func TestHelpArticleExamplesVerify(t *testing.T) {
	text, err := os.ReadFile(article)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "```go\n"+verifySource+"\n```") {
		t.Fatal("the article's Go example is not verifySource: update both together")
	}
	secret := "whsec_example0123456789"
	body := []byte(`{"id":"1","topic":"products/update","data":{"title":"Rye \"loaf\"\n"}}`)
	header := webhooks.Signature(secret, time.Now(), body)
	if !verify(secret, header, body) || verify(secret, header, append(body, ' ')) || verify("whsec_other", header, body) {
		t.Error("the Go example decides wrongly")
	}

	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed: the shell example is not run")
	}
	_, after, _ := strings.Cut(string(text), "```sh\n")
	script, _, _ := strings.Cut(after, "```")
	for _, tt := range []struct {
		body []byte
		want string
	}{{body, "signature valid"}, {append(body, ' '), "signature INVALID"}} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "body.json"), tt.body, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HEADER="+header, "SECRET="+secret)
		out, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != tt.want {
			t.Errorf("shell example: %q, %v; want %q", out, err, tt.want)
		}
	}
}
