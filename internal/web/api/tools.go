//go:build tools

package api

// gqlgen's command is a dependency of the module so that "go generate"
// (go run github.com/99designs/gqlgen) finds it and its own dependencies.
import _ "github.com/99designs/gqlgen"
