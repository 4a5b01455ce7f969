import Routing

extension ActionCatalogue {
    /// Actions within this much of the best keyword score compete for the first place by what
    /// agents did with them before.
    static let contention = 0.5
    /// An action overtakes the best keyword match only once agents have judged it this often: with
    /// no record, the keywords decide (all three suggestions are shown, so records accrue anyway).
    static let minimumEvidence = 5

    /// `ranked` with its lead chosen by guarded Thompson sampling among the contenders (the
    /// actions within `contention` of the best score that agents have judged at least
    /// `minimumEvidence` times), on each action's record of being used or
    /// edited (success) against ignored or voted down (failure). The best keyword match is the
    /// control; an action that trails it clearly after 30 offers drops out of contention. The rest
    /// keep their order. Unapproved actions were never ranked.
    func learned(
        _ ranked: [RankedAction], records: [String: VariantChooser.Record], sampler: inout BetaSampler
    ) -> [RankedAction] {
        guard let best = ranked.first else { return ranked }
        let contenders = ranked.filter { r in
            r.action.id == best.action.id
                || (r.score >= best.score - Self.contention
                    && (records[r.action.id]?.trials ?? 0) >= Self.minimumEvidence)
        }
        guard contenders.count > 1 else { return ranked }
        let variants = contenders.map {
            VariantChooser.Variant(
                id: $0.action.id, approved: $0.action.approved, isControl: $0.action.id == best.action.id)
        }
        guard let choice = VariantChooser().choose(variants, records: records, sampler: &sampler),
            choice.id != best.action.id,
            let i = ranked.firstIndex(where: { $0.action.id == choice.id })
        else { return ranked }
        var out = ranked
        var lead = out.remove(at: i)
        let r = records[choice.id] ?? .init()
        lead.reasons.append(
            "agents used it \(r.successes) of \(r.trials) times (chosen by Thompson sampling among close matches)")
        out.insert(lead, at: 0)
        return out
    }
}
