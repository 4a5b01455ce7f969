extension ContactPreferences {
    /// Where a message for `purpose`, meant for `requested`, goes (see `ContactDecision`).
    public func decide(_ purpose: ContactPurpose, requested: Channel) -> ContactDecision {
        let what = "\(purpose.rawValue) messages"
        func decision(_ channel: Channel?, _ reason: String) -> ContactDecision {
            ContactDecision(purpose: purpose, requested: requested, channel: channel, reason: reason)
        }
        if allows(requested, for: purpose) {
            return decision(requested, "\(requested.rawValue): the customer allows it for \(what)")
        }
        let refused = "the customer opted out of \(requested.rawValue) for \(what)"
        if let preferred, preferred != requested {
            if allows(preferred, for: purpose) {
                return decision(preferred, "\(refused); sent by \(preferred.rawValue), their preferred channel")
            }
        }
        let preferredNote =
            preferred.map { $0 == requested ? "" : "; their preferred \($0.rawValue) is opted out too" }
            ?? "; no preferred channel"
        if requested != .chat, preferred != .chat, allows(.chat, for: purpose) {
            return decision(.chat, "\(refused)\(preferredNote); sent in-app (chat)")
        }
        return decision(nil, "\(refused)\(preferredNote); in-app (chat) is not allowed either: not sent")
    }
}
