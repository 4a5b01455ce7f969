import ServiceDesk

/// The desk reports answers, routes, suggestions and QA scores into the Prometheus registry.
extension ServerMetrics: ServiceMetricsRecording {}
