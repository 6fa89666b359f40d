package sections_test

import (
	"errors"
	"testing"

	"github.com/pagecart/pagecart/internal/sections"
	"github.com/pagecart/pagecart/themes"
)

// FuzzDecode: whatever bytes arrive as a page's sections, Decode never panics; what it accepts is valid,
// stays valid when validated again and survives Encode and Decode unchanged; what it refuses it refuses
// with an error (FieldErrors for data that is JSON of the right shape).
//
//	go test ./internal/sections -run '^$' -fuzz FuzzDecode -fuzztime 2m
func FuzzDecode(f *testing.F) {
	// Seeds: every design's starter pages as sections, one new section of every type, and broken data.
	if set, err := themes.Load(); err == nil {
		for _, th := range set.List() {
			for _, p := range set.StarterPages(th.Name, themes.StarterData{Title: "Seed", PublicEmail: "a@b.example"}) {
				if data, err := sections.Encode(sections.FromHTML(string(p.Body))); err == nil {
					f.Add(data)
				}
			}
		}
	}
	var all []sections.Section
	for _, typ := range sections.Types() {
		s, _ := sections.New(typ.Name)
		all = append(all, s)
	}
	data, _ := sections.Encode(all)
	f.Add(data)
	for _, s := range []string{"", "null", "[]", "{", `[{"id":"00000000000000000000000000000001","type":"cta","settings":{"heading":"x"}}]`,
		`[{"id":"00000000000000000000000000000001","type":"hero","settings":{"heading":"x","image":42}}]`,
		`[{"id":"00000000000000000000000000000001","type":"posts","settings":{"count":1e308}}]`,
		`[{"id":"00000000000000000000000000000001","type":"cards","settings":{},"blocks":[{"id":"00000000000000000000000000000002","settings":{"title":"t","link":"javascript:x"}}]}]`,
		`[{"id":"00000000000000000000000000000001","type":"richtext","settings":{"text":"<script>x</script><p>y</p>"}}]`,
		`[{"type":null,"settings":null,"blocks":null}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		secs, err := sections.Decode(data)
		if err != nil {
			if secs != nil {
				t.Fatalf("Decode returned sections with an error: %v", err)
			}
			var fe sections.FieldErrors
			if errors.As(err, &fe) && len(fe) == 0 {
				t.Fatal("empty FieldErrors")
			}
			return
		}
		if err := sections.Validate(secs); err != nil {
			t.Fatalf("accepted sections are not valid when validated again: %v", err)
		}
		again, err := sections.Encode(secs)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := sections.Decode(again)
		if err != nil {
			t.Fatalf("Decode(Encode(accepted)) = %v\n%s", err, again)
		}
		third, _ := sections.Encode(back)
		if string(third) != string(again) {
			t.Fatalf("Encode and Decode do not round-trip:\n%s\n%s", again, third)
		}
	})
}
