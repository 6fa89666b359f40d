package themes

import (
	"os"
	"path/filepath"
	"testing"
)

func TestScratchSites(t *testing.T) {
	dir := os.Getenv("SCRATCH_SITES")
	if dir == "" {
		t.Skip()
	}
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range set.List() {
		writeStaticSite(t, set, th.Name, filepath.Join(dir, th.Name))
	}
}
