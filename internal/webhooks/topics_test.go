package webhooks_test

import (
	"testing"

	"github.com/pagecart/pagecart/internal/catalog"
	"github.com/pagecart/pagecart/internal/webhooks"
)

// Every topic the catalog announces can be subscribed to.
func TestCatalogTopicsAreValid(t *testing.T) {
	for _, topic := range catalog.EventTopics {
		if !webhooks.ValidTopic(topic) {
			t.Errorf("catalog announces %q, which is not a webhook topic", topic)
		}
	}
	seen := map[string]bool{}
	for _, topic := range webhooks.Topics {
		if seen[topic.Name] || topic.Label == "" {
			t.Errorf("topic %q listed twice or without a label", topic.Name)
		}
		seen[topic.Name] = true
	}
}
