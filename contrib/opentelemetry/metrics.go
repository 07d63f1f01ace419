package opentelemetry

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/workflowdef/workflowdef/runtime/metrics"
)

// MetricsHandler adapts an OpenTelemetry Meter to metrics.Handler.
type MetricsHandler struct {
	instruments *instruments
	attrs       attribute.Set
	tags        map[string]string
}

// instruments caches one instrument per name for every handler derived
// from one meter. An instrument the meter refuses is reported to
// onError and replaced by a no-op, so metrics never break a worker.
type instruments struct {
	meter   metric.Meter
	onError func(error)

	mu         sync.Mutex
	counters   map[string]metric.Int64Counter
	gauges     map[string]metric.Float64Gauge
	histograms map[string]metric.Float64Histogram
}

// Options configure NewMetricsHandlerWithOptions.
type Options struct {
	// OnError receives errors creating instruments; default: ignored.
	OnError func(error)
}

// NewMetricsHandler returns a handler creating its instruments on meter.
func NewMetricsHandler(meter metric.Meter) *MetricsHandler {
	return NewMetricsHandlerWithOptions(meter, Options{})
}

// NewMetricsHandlerWithOptions is NewMetricsHandler with options.
func NewMetricsHandlerWithOptions(meter metric.Meter, opts Options) *MetricsHandler {
	if opts.OnError == nil {
		opts.OnError = func(error) {}
	}
	return &MetricsHandler{
		instruments: &instruments{
			meter: meter, onError: opts.OnError,
			counters: map[string]metric.Int64Counter{}, gauges: map[string]metric.Float64Gauge{}, histograms: map[string]metric.Float64Histogram{},
		},
		attrs: *attribute.EmptySet(),
		tags:  map[string]string{},
	}
}

// WithTags returns a handler whose measurements carry tags as attributes.
func (h *MetricsHandler) WithTags(tags map[string]string) metrics.Handler {
	merged := maps.Clone(h.tags)
	maps.Copy(merged, tags)
	kvs := make([]attribute.KeyValue, 0, len(merged))
	for _, k := range slices.Sorted(maps.Keys(merged)) {
		kvs = append(kvs, attribute.String(k, merged[k]))
	}
	return &MetricsHandler{instruments: h.instruments, attrs: attribute.NewSet(kvs...), tags: merged}
}

// Counter returns an Int64Counter named name.
func (h *MetricsHandler) Counter(name string) metrics.Counter {
	i := h.instruments
	i.mu.Lock()
	defer i.mu.Unlock()
	c, ok := i.counters[name]
	if !ok {
		var err error
		if c, err = i.meter.Int64Counter(name); err != nil {
			i.onError(err)
		}
		i.counters[name] = c
	}
	return counter{c: c, opt: metric.WithAttributeSet(h.attrs)}
}

// Gauge returns a Float64Gauge named name.
func (h *MetricsHandler) Gauge(name string) metrics.Gauge {
	i := h.instruments
	i.mu.Lock()
	defer i.mu.Unlock()
	g, ok := i.gauges[name]
	if !ok {
		var err error
		if g, err = i.meter.Float64Gauge(name); err != nil {
			i.onError(err)
		}
		i.gauges[name] = g
	}
	return gauge{g: g, opt: metric.WithAttributeSet(h.attrs)}
}

// Timer returns a Float64Histogram named name, in seconds.
func (h *MetricsHandler) Timer(name string) metrics.Timer {
	i := h.instruments
	i.mu.Lock()
	defer i.mu.Unlock()
	hist, ok := i.histograms[name]
	if !ok {
		var err error
		if hist, err = i.meter.Float64Histogram(name, metric.WithUnit("s")); err != nil {
			i.onError(err)
		}
		i.histograms[name] = hist
	}
	return timer{h: hist, opt: metric.WithAttributeSet(h.attrs)}
}

// The OpenTelemetry API returns usable no-op instruments with its errors,
// so the wrappers below never see nil.
type counter struct {
	c   metric.Int64Counter
	opt metric.AddOption
}

func (c counter) Inc(d int64) { c.c.Add(context.Background(), d, c.opt) }

type gauge struct {
	g   metric.Float64Gauge
	opt metric.RecordOption
}

func (g gauge) Update(v float64) { g.g.Record(context.Background(), v, g.opt) }

type timer struct {
	h   metric.Float64Histogram
	opt metric.RecordOption
}

func (t timer) Record(d time.Duration) { t.h.Record(context.Background(), d.Seconds(), t.opt) }

var _ metrics.Handler = (*MetricsHandler)(nil)
