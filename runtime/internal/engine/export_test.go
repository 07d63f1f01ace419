package engine

// SharedDurations reports how many duration values the run keeps shared.
func (x *Execution) SharedDurations() int {
	if x.durations == nil {
		return 0
	}
	n := 0
	for _, slot := range x.durations.slots {
		if slot.p != nil {
			n++
		}
	}
	return n
}
