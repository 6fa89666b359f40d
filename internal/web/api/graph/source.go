package graph

import _ "embed"

// Source is the schema as written, served at /api/graphql/schema.graphql.
//
//go:embed schema.graphqls
var Source string
