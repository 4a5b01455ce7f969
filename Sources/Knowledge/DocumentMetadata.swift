/// What a document says about itself in its front matter.
///
/// Required: `id`, `title`, `version`. The others default as documented on each property.
public struct DocumentMetadata: Codable, Sendable, Hashable {
    public enum Audience: String, Codable, Sendable, CaseIterable { case `public`, `internal` }

    /// Stable identity across versions (`refund-policy`).
    public var id: String
    public var title: String
    /// `policy`, `guide`, `troubleshooting`, `faq`, … Default `article`.
    public var type: String
    /// The product it applies to. Default `general`.
    public var product: String
    /// Who may see it. Default `public`.
    public var audience: Audience
    /// BCP-47 language tag. Default `en-US`.
    public var locale: String
    /// `YYYY-MM-DD` from which this version is in effect; nil means always.
    public var effective: String?
    public var version: String
    /// Any further `key: value` pairs, kept for filters.
    public var extra: [String: String]

    public init(
        id: String, title: String, type: String = "article", product: String = "general",
        audience: Audience = .public, locale: String = "en-US", effective: String? = nil,
        version: String = "1", extra: [String: String] = [:]
    ) {
        self.id = id
        self.title = title
        self.type = type
        self.product = product
        self.audience = audience
        self.locale = locale
        self.effective = effective
        self.version = version
        self.extra = extra
    }

    /// `id@version`, the key a document is stored under.
    public var key: String { "\(id)@\(version)" }

    /// The value of a filterable field by name (`audience`, `product`, `type`, `locale`, or an extra key).
    public func value(of field: String) -> String? {
        switch field {
        case "id": id
        case "type": type
        case "product": product
        case "audience": audience.rawValue
        case "locale": locale
        case "version": version
        case "effective": effective
        default: extra[field]
        }
    }
}

/// The formats the parsers read.
public enum DocumentFormat: String, Codable, Sendable, CaseIterable {
    case markdown, html, text

    /// The format for a file name's extension, or nil when unsupported.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "md", "markdown": self = .markdown
        case "html", "htm": self = .html
        case "txt", "text": self = .text
        default: return nil
        }
    }
}
