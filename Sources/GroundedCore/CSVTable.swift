import Foundation

/// A table read from comma-separated text (RFC 4180): a header row, then records. Quoted fields
/// may hold commas, doubled quotes and line breaks; CRLF and LF both end a record.
///
/// Thread safety: an immutable value.
public struct CSVTable: Sendable, Equatable {
    /// The header's column names, as written.
    public let columns: [String]
    /// One array per record, each as long as `columns`.
    public let rows: [[String]]

    /// Parses `text`. Blank lines between records are skipped.
    /// - Parameter source: names the input in errors (a path, say).
    /// - Throws: `CSVError` for an unterminated quote, a quote inside an unquoted field, a record
    ///   whose field count differs from the header's, or text with no header.
    public init(parsing text: String, source: String = "CSV") throws {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var characters = text.makeIterator()
        var pending: Character? = nil

        func endField() {
            fields.append(field)
            field = ""
            fieldWasQuoted = false
        }
        func endRecord() {
            let blank = fields.isEmpty && field.isEmpty && !fieldWasQuoted
            endField()
            if !blank { records.append((recordLine, fields)) }
            fields = []
        }

        while let c = pending ?? characters.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",": endField()
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty else {
                    throw CSVError(
                        source: source, line: line,
                        problem:
                            "a quote inside an unquoted field; quote the whole field and double the quotes inside it")
                }
                quoted = true
                fieldWasQuoted = true
            default: field.append(c)
            }
        }
        if quoted { throw CSVError(source: source, line: recordLine, problem: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }

        guard let header = records.first else { throw CSVError(source: source, line: 1, problem: "no header row") }
        columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = try records.dropFirst().map { record in
            guard record.fields.count == header.fields.count else {
                throw CSVError(
                    source: source, line: record.line,
                    problem: "\(record.fields.count) fields where the header has \(header.fields.count)")
            }
            return record.fields
        }
    }

    /// The index of the column named `name`, or nil.
    public func column(_ name: String) -> Int? { columns.firstIndex(of: name) }
}

/// Malformed comma-separated text: where, and what to fix.
public struct CSVError: Error, CustomStringConvertible, Sendable, Equatable {
    public let source: String
    public let line: Int
    public let problem: String
    public init(source: String, line: Int, problem: String) {
        self.source = source
        self.line = line
        self.problem = problem
    }
    public var description: String { "\(source), line \(line): \(problem)" }
}
