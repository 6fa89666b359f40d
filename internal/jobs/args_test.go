package jobs

import (
	"strings"
	"testing"
)

type plainID struct {
	ID int64 `json:"id"`
}

func (plainID) Kind() string { return "test.plain_id" }

type stringID struct {
	ID int64 `json:"id,string"`
}

func (stringID) Kind() string { return "test.string_id" }

type nested struct {
	Items []map[string]any `json:"items"`
}

func (nested) Kind() string { return "test.nested" }

func TestCheckArgsRefusesInexactNumbers(t *testing.T) {
	tests := []struct {
		name    string
		args    interface{ Kind() string }
		wantErr string
	}{
		{"small number", plainID{ID: 42}, ""},
		{"largest exact", plainID{ID: 1 << 53}, ""},
		{"negative exact", plainID{ID: -(1 << 53)}, ""},
		{"ID from NewID", plainID{ID: 383971868145282773}, "383971868145282773 is too large"},
		{"just past exact", plainID{ID: 1<<53 + 1}, "too large"},
		{"as a string", stringID{ID: 383971868145282773}, ""},
		{"nested", nested{Items: []map[string]any{{"a": 1.5}, {"b": int64(1) << 60}}}, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkArgs(tt.args)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("checkArgs = %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("checkArgs = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}
