package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// percentiles returns p50, p95, p99 and the maximum of samples by the
// nearest-rank method: the smallest sample with at least p% of the
// samples at or below it.
func percentiles(samples []time.Duration) [4]time.Duration {
	sorted := slices.Sorted(slices.Values(samples))
	return [4]time.Duration{percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), percentile(sorted, 100)}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// Bootstrap settings for the interval around a latency ratio.
const (
	bootstrapResamples = 2000
	// bootstrapSeed is fixed so the same samples render the same report.
	bootstrapSeed = 20261203
)

// ratioInterval is a 90% percentile-bootstrap interval for the ratio of
// percentile p of ours to that of official: both sample sets are drawn
// again with replacement, bootstrapResamples times, and the interval spans
// the middle 90% of the ratios those draws give. A p99 from 1,500 samples
// rests on its 15 largest, so two runs of the same code can land on either
// side of a goal; the interval says how far the figure can be trusted.
func ratioInterval(ours, official []time.Duration, p float64) (lo, hi float64, ok bool) {
	if len(ours) == 0 || len(official) == 0 {
		return 0, 0, false
	}
	rng := rand.New(rand.NewPCG(bootstrapSeed, uint64(p*1000)))
	draw := func(from, into []time.Duration) time.Duration {
		for i := range into {
			into[i] = from[rng.IntN(len(from))]
		}
		slices.Sort(into)
		return percentile(into, p)
	}
	a, b := make([]time.Duration, len(ours)), make([]time.Duration, len(official))
	ratios := make([]float64, 0, bootstrapResamples)
	for range bootstrapResamples {
		if d := draw(official, b); d > 0 {
			ratios = append(ratios, float64(draw(ours, a))/float64(d))
		}
	}
	if len(ratios) == 0 {
		return 0, 0, false
	}
	slices.Sort(ratios)
	at := func(q float64) float64 { return ratios[min(int(q*float64(len(ratios))), len(ratios)-1)] }
	return at(0.05), at(0.95), true
}

// median of values; NaN for none.
func median(values []float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	s := slices.Clone(values)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
