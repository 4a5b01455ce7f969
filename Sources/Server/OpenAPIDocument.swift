import Foundation

/// The API's OpenAPI 3.1 description, kept in `Sources/Server/Resources/openapi.json` and served
/// at `/openapi.json`; a test checks its paths against the router's routes.
public enum OpenAPIDocument {
    /// The document's text.
    public static let json: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "{}" }
        return text
    }()

    /// The agent console page (served at `/console`).
    public static let console: String = {
        guard let url = Bundle.module.url(forResource: "console", withExtension: "html"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "<!doctype html><p>console missing</p>" }
        return text
    }()

    /// Every documented operation as `METHOD /path`, with path parameters written `{name}`.
    public static func operations() throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let paths = object?["paths"] as? [String: [String: Any]] ?? [:]
        var out = Set<String>()
        for (path, methods) in paths {
            for method in methods.keys { out.insert("\(method.uppercased()) \(path)") }
        }
        return out
    }
}
