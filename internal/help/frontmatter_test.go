package help

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestParseFrontMatter(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		wantFields map[string]string
		wantBody   string
		wantErr    string
	}{
		{
			name:       "title, summary and body",
			src:        "---\ntitle: Plans compared\nsummary: Side by side.\n---\nSome *text*.\n",
			wantFields: map[string]string{"title": "Plans compared", "summary": "Side by side."},
			wantBody:   "Some *text*.\n",
		},
		{
			name:       "value containing a colon keeps everything after the first one",
			src:        "---\ntitle: 509: Quota Exceeded\n---\n",
			wantFields: map[string]string{"title": "509: Quota Exceeded"},
		},
		{
			name:       "windows line endings and blank lines",
			src:        "---\r\ntitle:  Spaced out  \r\n\r\nposition: 2\r\n---\r\nBody\r\n",
			wantFields: map[string]string{"title": "Spaced out", "position": "2"},
			wantBody:   "Body\r\n",
		},
		{
			name:       "closing fence at end of file",
			src:        "---\ntitle: T\n---",
			wantFields: map[string]string{"title": "T"},
		},
		{
			name:       "empty block",
			src:        "---\n---\nBody",
			wantFields: map[string]string{},
			wantBody:   "Body",
		},
		{name: "no front matter", src: "# Title\n", wantErr: `must start with a "---" line`},
		{name: "empty file", src: "", wantErr: `must start with a "---" line`},
		{name: "unclosed", src: "---\ntitle: T\n", wantErr: `no closing "---" line`},
		{name: "unclosed without newline", src: "---\ntitle: T", wantErr: `no closing "---" line`},
		{name: "fence only", src: "---", wantErr: `no closing "---" line`},
		{name: "line without colon", src: "---\ntitle T\n---\n", wantErr: `line 2: want "key: value"`},
		{name: "empty key", src: "---\n: T\n---\n", wantErr: `line 2: invalid key ""`},
		{name: "upper-case key", src: "---\nTitle: T\n---\n", wantErr: `invalid key "Title"`},
		{name: "key with space", src: "---\nmy title: T\n---\n", wantErr: `invalid key "my title"`},
		{name: "duplicate key", src: "---\ntitle: A\ntitle: B\n---\n", wantErr: `line 3: key "title" given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields, body, err := parseFrontMatter([]byte(tt.src))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !maps.Equal(fields, tt.wantFields) {
				t.Errorf("fields = %q, want %q", fields, tt.wantFields)
			}
			if string(body) != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
		})
	}
}

func TestMetaFrom(t *testing.T) {
	tests := []struct {
		name    string
		fields  map[string]string
		want    meta
		wantErr string
	}{
		{
			name:   "all keys",
			fields: map[string]string{"title": "T", "summary": "S", "position": "-3"},
			want:   meta{title: "T", summary: "S", position: -3},
		},
		{name: "position is optional", fields: map[string]string{"title": "T"}, want: meta{title: "T"}},
		{name: "missing title", fields: map[string]string{"summary": "S"}, wantErr: "title is missing"},
		{name: "empty title", fields: map[string]string{"title": ""}, wantErr: "title is missing"},
		{name: "bad position", fields: map[string]string{"title": "T", "position": "first"}, wantErr: `position "first"`},
		{name: "misspelt key", fields: map[string]string{"title": "T", "postion": "1"}, wantErr: `unknown key "postion"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := metaFrom(tt.fields)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got != tt.want {
				t.Errorf("meta = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// FuzzParseFrontMatter checks that the parser never panics, that whatever it accepts is well formed, and
// that writing the accepted fields back out and parsing them again gives the same fields and body.
func FuzzParseFrontMatter(f *testing.F) {
	f.Add([]byte("---\ntitle: Plans compared\nsummary: Side by side.\nposition: 2\n---\nBody\n"))
	f.Add([]byte("---\r\ntitle: a: b\r\n\r\n---\r\n"))
	f.Add([]byte("---\n---"))
	f.Add([]byte("---\ntitle T\n"))
	f.Add([]byte("--- \n k : v \n---\t\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fields, body, err := parseFrontMatter(src)
		if err != nil {
			return
		}
		if len(body) > len(src) || !bytes.HasSuffix(src, body) {
			t.Fatalf("body %q is not the end of the source %q", body, src)
		}
		var again bytes.Buffer
		again.WriteString("---\n")
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			v := fields[k]
			if !validKey(k) {
				t.Fatalf("accepted invalid key %q", k)
			}
			if strings.Contains(v, "\n") || v != strings.TrimSpace(v) {
				t.Fatalf("value %q of %q is not a trimmed single line", v, k)
			}
			again.WriteString(k + ": " + v + "\n")
		}
		again.WriteString("---\n")
		again.Write(body)
		fields2, body2, err := parseFrontMatter(again.Bytes())
		if err != nil {
			t.Fatalf("re-parsing %q: %v", again.Bytes(), err)
		}
		if !maps.Equal(fields, fields2) || !bytes.Equal(body, body2) {
			t.Fatalf("round trip changed the result: %q %q, then %q %q", fields, body, fields2, body2)
		}
	})
}
