import Foundation
import Governance
import Logging

/// A log handler that redacts personal data (emails, phones, cards, IBANs, national ids,
/// addresses — `PIIRedactor`) from every message and metadata value before the handler it wraps
/// sees them, so no log line carries a customer's data, whatever a call site logs.
///
/// Every control character left is escaped (`LogText`): a request cannot forge a log line.
///
/// `grounded serve` installs it around the standard-error handler; tests wrap a capturing one.
/// Thread safety: a value type; the wrapped handler's own guarantees apply.
public struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler
    private let redactor: PIIRedactor

    public init(wrapping handler: any LogHandler, redactor: PIIRedactor = .init()) {
        wrapped = handler
        self.redactor = redactor
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue.mapValues(redact) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue.map(redact) }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = "\(scrub(event.message.description))"
        event.metadata = event.metadata?.mapValues(redact)
        if let error = event.error {
            // An error's description may quote input; it travels redacted, as metadata.
            event.metadata = (event.metadata ?? [:]).merging(["error": .string(scrub("\(error)"))]) { old, _ in old }
            event.error = nil
        }
        wrapped.log(event: event)
    }

    /// Redacts text, first undoing percent-encoding (a URL path carries `4111%201111…`), so
    /// that encoded personal data is found too; then escapes every control character
    /// (`LogText`), decoded ones included, so no value can forge a log line.
    private func scrub(_ text: String) -> String {
        LogText.escape(redactor.redact(text.contains("%") ? (text.removingPercentEncoding ?? text) : text))
    }

    private func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let s): .string(scrub(s))
        case .stringConvertible(let c): .string(scrub(c.description))
        case .array(let a): .array(a.map(redact))
        case .dictionary(let d): .dictionary(d.mapValues(redact))
        }
    }
}
