package pages

import "time"

// SetClock makes the store read the time from now (tests of scheduling).
func (s *Store) SetClock(now func() time.Time) { s.now = now }
