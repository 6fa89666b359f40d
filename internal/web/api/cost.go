package api

import (
	"encoding/json"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// Cost rules (API.md): every object returned costs 1 point; a connection
// costs first × its node's cost; scalars cost nothing; a mutation costs 10.
// The wrappers of a connection (the connection, its edges, pageInfo) are
// not the shop's objects and cost nothing themselves. A list that is not a
// connection (a product's variants) is counted as listGuess items before
// execution; the reply is charged what it really returned, never more
// than was asked.
const (
	mutationCost = 10
	maxCost      = 1000
	maxFirst     = 100
	listGuess    = 10
)

// costing walks an operation with its schema and variables.
type costing struct {
	schema *ast.Schema
	vars   map[string]any
	// badFirst is set when a connection asks for first outside 1..100.
	badFirst bool
}

// requested is the cost of op computed before it runs.
func (c *costing) requested(op *ast.OperationDefinition) int {
	n := c.selection(op.SelectionSet, 0)
	if op.Operation == ast.Mutation {
		return mutationCost
	}
	return n
}

// selection sums the cost of a selection set; first is the first argument
// of the nearest connection above, which sizes its edges list.
func (c *costing) selection(set ast.SelectionSet, first int) int {
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			total += c.field(s, first)
		case *ast.InlineFragment:
			total += c.selection(s.SelectionSet, first)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				total += c.selection(s.Definition.SelectionSet, first)
			}
		}
	}
	return min(total, 1<<30)
}

func (c *costing) field(f *ast.Field, first int) int {
	if f.Definition == nil || !c.isObject(f.Definition.Type.Name()) {
		return 0
	}
	childFirst := first
	if arg := f.Definition.Arguments.ForName("first"); arg != nil {
		childFirst = maxFirst
		if v, ok := f.ArgumentMap(c.vars)["first"]; ok && v != nil {
			switch n := v.(type) {
			case int64:
				childFirst = int(n)
			case int:
				childFirst = n
			case json.Number:
				if i, err := n.Int64(); err == nil && i >= -1<<31 && i < 1<<31 {
					childFirst = int(i)
				} else {
					childFirst = 0
				}
			}
		}
		if childFirst < 1 || childFirst > maxFirst {
			c.badFirst = true
			childFirst = maxFirst
		}
	}
	own := 1
	if wrapper(f.Definition.Type.Name()) {
		own = 0
	}
	cost := own + c.selection(f.SelectionSet, childFirst)
	if f.Definition.Type.Elem != nil {
		size := listGuess
		if strings.HasSuffix(f.Definition.Type.Name(), "Edge") && first > 0 {
			size = first
		}
		cost *= size
	}
	return cost
}

func (c *costing) isObject(name string) bool {
	t := c.schema.Types[name]
	return t != nil && (t.Kind == ast.Object || t.Kind == ast.Interface || t.Kind == ast.Union)
}

func wrapper(name string) bool {
	return strings.HasSuffix(name, "Connection") || strings.HasSuffix(name, "Edge") || name == "PageInfo" ||
		strings.HasSuffix(name, "Payload") || name == "UserError" || strings.HasPrefix(name, "__")
}

// actual is what a reply really returned, by the same rules: data is the
// decoded data of the reply.
func (c *costing) actual(op *ast.OperationDefinition, data any) int {
	if op.Operation == ast.Mutation {
		return mutationCost
	}
	return c.returned(op.SelectionSet, data)
}

func (c *costing) returned(set ast.SelectionSet, data any) int {
	obj, ok := data.(map[string]any)
	if !ok {
		return 0
	}
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Definition == nil || !c.isObject(s.Definition.Type.Name()) {
				continue
			}
			own := 1
			if wrapper(s.Definition.Type.Name()) {
				own = 0
			}
			switch v := obj[s.Alias].(type) {
			case map[string]any:
				total += own + c.returned(s.SelectionSet, v)
			case []any:
				for _, e := range v {
					total += own + c.returned(s.SelectionSet, e)
				}
			}
		case *ast.InlineFragment:
			total += c.returned(s.SelectionSet, data)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				total += c.returned(s.Definition.SelectionSet, data)
			}
		}
	}
	return total
}

// needs lists the scopes and reports whether a partner token is needed
// for every field the operation selects, from the schema's @scope and
// @partner directives.
func needs(op *ast.OperationDefinition) (scopes []string, partner bool) {
	seen := map[string]bool{}
	var walk func(ast.SelectionSet, int)
	walk = func(set ast.SelectionSet, depth int) {
		if depth > 50 {
			return
		}
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if s.Definition != nil {
					if d := s.Definition.Directives.ForName("scope"); d != nil {
						if arg := d.Arguments.ForName("needs"); arg != nil && !seen[arg.Value.Raw] {
							seen[arg.Value.Raw] = true
							scopes = append(scopes, arg.Value.Raw)
						}
					}
					if s.Definition.Directives.ForName("partner") != nil {
						partner = true
					}
				}
				walk(s.SelectionSet, depth+1)
			case *ast.InlineFragment:
				walk(s.SelectionSet, depth+1)
			case *ast.FragmentSpread:
				if s.Definition != nil {
					walk(s.Definition.SelectionSet, depth+1)
				}
			}
		}
	}
	walk(op.SelectionSet, 0)
	return scopes, partner
}

// idempotencyKey is the submissionId argument of the operation's first
// mutation field that has one.
func idempotencyKey(op *ast.OperationDefinition, vars map[string]any) string {
	for _, sel := range op.SelectionSet {
		if f, ok := sel.(*ast.Field); ok && f.Definition != nil && f.Definition.Arguments.ForName("submissionId") != nil {
			if v, ok := f.ArgumentMap(vars)["submissionId"].(string); ok && v != "" {
				return v
			}
		}
	}
	return ""
}
