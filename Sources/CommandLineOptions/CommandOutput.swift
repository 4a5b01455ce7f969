import ArgumentParser
import Engine
import Foundation

/// Runs `body`, turning any error into a message on stderr and exit code 1.
/// - Throws: `ExitCode.failure` after printing the error; `ExitCode` and `ValidationError` unchanged.
public func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

/// Prints `value` as pretty JSON with sorted keys.
/// - Throws: what `JSONEncoder` throws.
public func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

extension EmbedderKind: ExpressibleByArgument {}
