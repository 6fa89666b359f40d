package themes

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagecart/pagecart/internal/sections"
)

// TestNuHTMLChecker runs the Nu HTML checker (vnu.jar, the W3C validator's
// engine) over every design's starter pages, converted to sections, and a
// page holding every section type: the designs issue asks for zero errors.
// It needs Java and the checker: PAGECART_TEST_VNU is the path of vnu.jar
// (.ci/run fetches it from the npm registry's vnu-jar package).
func TestNuHTMLChecker(t *testing.T) {
	jar := os.Getenv("PAGECART_TEST_VNU")
	if jar == "" {
		t.Skip("set PAGECART_TEST_VNU to the path of vnu.jar to check the designs' HTML")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatalf("PAGECART_TEST_VNU is set but there is no java: %v", err)
	}
	set := loadSet(t)
	dir := t.TempDir()
	var files []string
	write := func(name string, v PageView, design string) {
		t.Helper()
		var b strings.Builder
		if err := set.Render(&b, design, v); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, name+".html")
		if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for _, th := range set.List() {
		for _, p := range set.StarterPages(th.Name, sampleStarter(th.Name)) {
			v := sampleView(set, th.Name, p.Slug)
			v.Page.Sections, _ = starterSections(set, th.Name, p.Slug)
			write(th.Name+"-"+strings.ReplaceAll(p.Slug+"-page", "/", "-"), v, th.Name)
		}
		v := sampleView(set, th.Name, "")
		v.Shop = &ShopView{}
		for i, typ := range sections.Types() {
			v.Page.Sections = append(v.Page.Sections, fullView(typ, i))
		}
		write(th.Name+"-every-section", v, th.Name)
	}
	out, err := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--format", "gnu"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("the Nu HTML checker found errors in %d pages:\n%s", len(files), strings.ReplaceAll(string(out), dir+"/", ""))
	}
	t.Logf("%d pages, no errors", len(files))
}
