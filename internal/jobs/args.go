package jobs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/riverqueue/river"
)

// maxExactInt is the largest integer a float64 holds exactly.
const maxExactInt = 1 << 53

// checkArgs refuses job arguments that hold an integer beyond ±2^53 as a
// JSON number. On PostgreSQL, River's database/sql driver passes arguments
// as a jsonb[] parameter, and pgx's stdlib encoding of that parameter goes
// through float64: such a number, like every ID from sqldb.NewID, arrives
// changed (383971868145282773 becomes 383971868145282750) and the job
// works on the wrong row. SQLite keeps it intact, so without this check
// the mistake would only show in production. Tag such fields
// `json:"name,string"`.
func checkArgs(args river.JobArgs) error {
	b, err := json.Marshal(args)
	if err != nil {
		return fmt.Errorf("encode %s job: %w", args.Kind(), err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("encode %s job: %w", args.Kind(), err)
		}
		num, ok := tok.(json.Number)
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(string(num), 10, 64)
		if err != nil {
			// A fraction, or an integer too long even for int64: not an ID.
			continue
		}
		if n > maxExactInt || n < -maxExactInt {
			return fmt.Errorf("%s job argument %s is too large for a JSON number on PostgreSQL; tag the field `json:\",string\"`", args.Kind(), num)
		}
	}
}
