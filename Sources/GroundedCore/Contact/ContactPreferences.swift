/// A customer's channel opt-outs and preferred channel, read from the preferences that
/// `preference_set` events record:
///
/// - `"<channel>": "opted-out"` (or `"opted-in"`) for every purpose on that channel;
/// - `"<channel>.<purpose>": "opted-out"` (or `"opted-in"`) for one purpose
///   (`ContactPurpose`), which overrides the channel-wide setting;
/// - `"preferredChannel": "<channel>"`, the channel to fall back to.
///
/// Channels are `Channel`'s names. Every other key is the customer's own and is ignored here.
///
/// Thread safety: a value type.
public struct ContactPreferences: Sendable, Hashable {
    /// `opted-out` (true) or `opted-in` (false) per channel, for every purpose.
    public var channels: [Channel: Bool]
    /// The same per channel and purpose; overrides `channels`.
    public var purposes: [ChannelPurposeKey: Bool]
    public var preferred: Channel?

    /// A channel and a purpose, the key of a purpose-level opt-out.
    public struct ChannelPurposeKey: Sendable, Hashable {
        public var channel: Channel
        public var purpose: ContactPurpose

        public init(_ channel: Channel, _ purpose: ContactPurpose) {
            self.channel = channel
            self.purpose = purpose
        }
    }

    public static let optedOut = "opted-out"
    public static let optedIn = "opted-in"
    public static let preferredKey = "preferredChannel"

    public init(channels: [Channel: Bool] = [:], purposes: [ChannelPurposeKey: Bool] = [:], preferred: Channel? = nil) {
        self.channels = channels
        self.purposes = purposes
        self.preferred = preferred
    }

    /// The contact settings among a customer's stored preferences; keys that are not contact
    /// settings, and values `problem(in:)` would refuse, are ignored.
    public init(_ preferences: [String: String]) {
        self.init()
        for (key, value) in preferences {
            if key == Self.preferredKey {
                preferred = Channel(rawValue: value.lowercased())
            } else if let setting = Self.setting(key), let out = Self.isOptedOut(value) {
                if let purpose = setting.purpose {
                    purposes[ChannelPurposeKey(setting.channel, purpose)] = out
                } else {
                    channels[setting.channel] = out
                }
            }
        }
    }

    /// Whether the customer may be sent messages for `purpose` on `channel`: the purpose's own
    /// setting if there is one, else the channel's, else yes.
    public func allows(_ channel: Channel, for purpose: ContactPurpose) -> Bool {
        !(purposes[ChannelPurposeKey(channel, purpose)] ?? channels[channel] ?? false)
    }

    /// What is wrong with the contact settings in a `preference_set` event's data, for a clear
    /// refusal; nil when every contact setting is valid (other keys are not checked).
    public static func problem(in data: [String: String]) -> String? {
        let channels = Channel.allCases.map(\.rawValue).joined(separator: ", ")
        for (key, value) in data.sorted(by: { $0.key < $1.key }) {
            if key == preferredKey {
                if Channel(rawValue: value.lowercased()) == nil {
                    return "\(preferredKey) \"\(value.prefix(40))\" is not a channel: use one of \(channels)"
                }
            } else if key.split(separator: ".").first.map({ Channel(rawValue: String($0)) != nil }) == true {
                guard setting(key) != nil else {
                    let purposes = ContactPurpose.allCases.map(\.rawValue).joined(separator: ", ")
                    return
                        "\"\(key.prefix(60))\" names no purpose: use <channel> or <channel>.<purpose> with \(purposes)"
                }
                if isOptedOut(value) == nil {
                    return "\(key) is \"\(value.prefix(40))\": use \(optedOut) or \(optedIn)"
                }
            }
        }
        return nil
    }

    /// The channel (and purpose) a key names: `sms` or `sms.proactive`.
    static func setting(_ key: String) -> (channel: Channel, purpose: ContactPurpose?)? {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let channel = Channel(rawValue: parts[0]) else { return nil }
        switch parts.count {
        case 1: return (channel, nil)
        case 2: return ContactPurpose(rawValue: parts[1]).map { (channel, $0) }
        default: return nil
        }
    }

    static func isOptedOut(_ value: String) -> Bool? {
        switch value.lowercased() {
        case optedOut: true
        case optedIn: false
        default: nil
        }
    }
}
