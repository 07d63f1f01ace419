// Package opentelemetry reports a workflowdef worker's metrics through
// OpenTelemetry. It is its own module so the SDK's main module carries no
// metrics library:
//
//	w, err := worker.New(c, "orders", worker.Options{
//		MetricsHandler: opentelemetry.NewMetricsHandler(provider.Meter("orders-worker")),
//	})
//
// Counters become Int64Counters, gauges Float64Gauges and timers
// Float64Histograms in seconds; tags become attributes.
package opentelemetry
