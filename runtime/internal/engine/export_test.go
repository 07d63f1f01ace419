package engine

// SharedDurations reports how many duration values the run keeps shared.
func (x *Execution) SharedDurations() int { return len(x.durations) }
