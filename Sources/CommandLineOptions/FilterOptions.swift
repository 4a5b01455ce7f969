import ArgumentParser
import Engine
import Foundation

/// Options that choose which documents a search may use and how its retrievers are fused.
public struct FilterOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only documents whose metadata field has this value, e.g. product=lumen-eye; repeatable. "
                + "audience=internal admits agent-only documents.",
            valueName: "key=value"))
    public var filter: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Use the versions in effect on this date instead of today.", valueName: "YYYY-MM-DD"))
    public var asOf: String?

    @Flag(name: .long, help: "Search every stored version, not only the one in effect.")
    public var allVersions = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A customer profile (JSON: name, plan, products, region, locale, customerSince, consents): documents "
                + "not for them are left out, those written for them preferred; the answer greets them by name "
                + "only with the personalization consent.",
            valueName: "file"))
    public var profile: String?

    @OptionGroup public var fusion: FusionOptions

    public init() {}

    public func validate() throws {
        for f in filter where f.split(separator: "=", maxSplits: 1).count != 2 {
            throw ValidationError("--filter takes key=value, got `\(f)`")
        }
        if let asOf, !EffectiveDate.isValid(asOf) {
            throw ValidationError("--as-of takes a YYYY-MM-DD date, got `\(asOf)`")
        }
        do { try retrieval.validate() } catch { throw ValidationError("\(error)") }
    }

    /// The fusion weights as a retrieval configuration.
    public var retrieval: RetrievalConfiguration { fusion.retrieval }

    /// The filter these options describe.
    /// - Throws: `ValidationError` when the profile file cannot be read or is not a profile.
    public func retrievalFilter() throws -> RetrievalFilter {
        var r = RetrievalFilter()
        if let profile { r.profile = try Self.loadProfile(profile) }
        for f in filter {
            let parts = f.split(separator: "=", maxSplits: 1).map(String.init)
            if parts[0] == "audience" {
                r.audiences = Set(
                    parts[1].split(separator: ",").compactMap { DocumentMetadata.Audience(rawValue: String($0)) })
            } else {
                r.fields[parts[0]] = parts[1]
            }
        }
        if let asOf { r.asOf = asOf }
        if allVersions { r.asOf = nil }
        return r
    }

    /// Reads a customer profile from a JSON file.
    /// - Throws: `ValidationError` saying what was expected when the file is missing or not a profile.
    public static func loadProfile(_ path: String) throws -> CustomerProfile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ValidationError("--profile: cannot read `\(path)` (\(error.localizedDescription))")
        }
        do { return try JSONDecoder().decode(CustomerProfile.self, from: data) } catch {
            throw ValidationError(
                "--profile: `\(path)` is not a customer profile: \(error). Expected JSON such as "
                    + #"{"name": "Dana", "plan": "plus", "region": "GB", "consents": ["personalization"]}"#)
        }
    }
}
