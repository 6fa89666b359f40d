package catalog

import (
	"time"

	"github.com/riverqueue/river"
)

// RegisterImportTimed adds an import worker that reports how long each
// batch's transaction took.
func RegisterImportTimed(workers *river.Workers, s *Store, batchDone func(time.Duration)) {
	river.AddWorker(workers, &ImportWorker{store: s, batchDone: batchDone})
}
