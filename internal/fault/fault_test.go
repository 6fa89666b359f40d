package fault

import (
	"errors"
	"fmt"
	"testing"
)

func TestInvalid(t *testing.T) {
	var v Invalid
	if v.Err() != nil {
		t.Fatal("empty Invalid must be no error")
	}
	v.Add("name", "first")
	v.Add("name", "second")
	err := fmt.Errorf("create: %w", v.Err())
	fields, ok := AsInvalid(err)
	if !ok || fields["name"] != "first" {
		t.Fatalf("AsInvalid = %v %v", fields, ok)
	}
	if _, ok := AsInvalid(fmt.Errorf("x: %w", ErrNotFound)); ok {
		t.Fatal("not found is not invalid")
	}
	if !errors.Is(fmt.Errorf("page: %w", ErrNotFound), ErrNotFound) {
		t.Fatal("wrapping")
	}
}
