package sections

import "testing"

// Every type's new section, with its default blocks, is valid and survives Encode and Decode.
func TestNewIsValid(t *testing.T) {
	var page []Section
	for _, typ := range Types() {
		s, err := New(typ.Name)
		if err != nil {
			t.Fatal(err)
		}
		if typ.Block != nil {
			b, err := NewBlock(typ.Name)
			if err != nil {
				t.Fatal(err)
			}
			s.Blocks = append(s.Blocks, b)
		}
		page = append(page, s)
	}
	if err := Validate(page); err != nil {
		t.Fatal(err)
	}
	data, err := Encode(page)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, data)
	}
	if len(got) != len(page) {
		t.Fatalf("got %d sections, want %d", len(got), len(page))
	}
}
