package pages

import (
	"encoding/json"
)

// fromHTML turns a foundation-era page body into sections JSON.
// TEMPORARY until package sections lands: one html section.
func fromHTML(body string) []byte {
	if body == "" {
		return []byte("[]")
	}
	b, _ := json.Marshal([]map[string]any{{"id": "0", "type": "html", "settings": map[string]any{"html": body}}})
	return b
}

// normalize validates sections JSON and returns it re-encoded.
// TEMPORARY until package sections lands.
func normalize(data []byte) ([]byte, error) {
	var v []map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
