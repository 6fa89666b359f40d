package web_test

import (
	"errors"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/pagecart/pagecart/"

// forbidden are what no code under internal/web may import, test files
// excepted: the database (every operation has its home in a domain or
// service package; handlers only parse, call and render) and the
// composition root that builds the web (web must not depend on it).
var forbidden = map[string]string{
	module + "internal/sqldb": "the database belongs to the domain packages",
	module + "internal/app":   "web must not depend on its composition root",
}

func TestWebImportsNeitherDatabaseNorCompositionRoot(t *testing.T) {
	packages, problems, err := forbiddenImports(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	// The walk must have read the areas, or it proves nothing.
	for _, want := range []string{".", "admin", "operator", "platform", "storefront", "session", "ui"} {
		if !slices.Contains(packages, want) {
			t.Errorf("package %s not found under internal/web (found %v)", want, packages)
		}
	}
}

// The check itself finds a forbidden import in code and lets tests have it.
func TestForbiddenImportsCheck(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("area/area.go", "package area\n\nimport _ \""+module+"internal/sqldb\"\n")
	write("area/area_test.go", "package area_test\n\nimport _ \""+module+"internal/app/apptest\"\n")
	write("clean/clean.go", "package clean\n\nimport _ \"net/http\"\n")
	write("clean/clean_test.go", "package clean\n\nimport _ \""+module+"internal/sqldb\"\n")
	write("root/root.go", "package root\n\nimport _ \""+module+"internal/app\"\n")
	packages, problems, err := forbiddenImports(root)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(packages)
	if !slices.Equal(packages, []string{"area", "clean", "root"}) {
		t.Errorf("packages %v", packages)
	}
	if len(problems) != 2 || !strings.Contains(problems[0], "area imports "+module+"internal/sqldb") ||
		!strings.Contains(problems[1], "root imports "+module+"internal/app") {
		t.Errorf("problems %q", problems)
	}
}

// forbiddenImports reads every package under root with go/build, which
// lists the imports of the files that build (not of _test.go files, which
// it lists apart), and reports each forbidden one.
func forbiddenImports(root string) (packages, problems []string, err error) {
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		pkg, err := build.ImportDir(path, 0)
		var none *build.NoGoError
		if errors.As(err, &none) {
			return nil
		}
		if err != nil {
			return err
		}
		dir, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		dir = filepath.ToSlash(dir)
		packages = append(packages, dir)
		name := "internal/web/" + dir
		if dir == "." {
			name = "internal/web"
		}
		for _, imp := range pkg.Imports {
			for bad, why := range forbidden {
				if imp == bad || strings.HasPrefix(imp, bad+"/") {
					problems = append(problems, name+" imports "+imp+": "+why)
				}
			}
		}
		return nil
	})
	slices.Sort(problems)
	return packages, problems, err
}
