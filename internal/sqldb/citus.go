package sqldb

import _ "embed"

//go:embed citus.sql
var citusSQL string

// CitusScript returns the statements an operator runs once on a Citus
// coordinator after migrating, to distribute the tenant tables by site_id and
// copy the platform tables to every worker. Keeping them next to the
// migrations, and testing them against the migrated schema, means a new table
// cannot reach production without a decision about where it lives.
func CitusScript() string { return citusSQL }
