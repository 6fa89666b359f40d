package signup

import (
	"crypto/rand"
	"math/big"
	"strings"
)

var wordList = []string{"amber", "basil", "cedar", "delta", "ember", "fjord", "grove", "harbor", "iris", "juniper",
	"kettle", "lumen", "maple", "nectar", "orchid", "pebble", "quartz", "river", "saffron", "tulip", "umber",
	"velvet", "willow", "yarrow", "zephyr", "copper", "meadow", "lantern", "thistle", "sparrow", "clover", "marble"}

// randomWords returns four random words of a 32-word list and a 4-digit
// number (about 33 bits): a demo password that a person can type by hand.
func randomWords() string {
	parts := make([]string, 0, 5)
	for range 4 {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(wordList))))
		parts = append(parts, wordList[n.Int64()])
	}
	n, _ := rand.Int(rand.Reader, big.NewInt(9000))
	parts = append(parts, big.NewInt(n.Int64()+1000).String())
	return strings.Join(parts, "-")
}
