import Foundation
import Storage

/// The arms of experiments a guardrail stopped: a stopped arm serves the control's reply from
/// then on. Append-only; a stop is never undone (a new experiment id starts afresh).
///
/// Thread safety: a value over the store's connection; every call goes through its lock.
public struct ExperimentStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// One arm stopped: when and why.
    public struct Stop: Sendable, Hashable, Codable {
        public var arm: String
        public var at: Date
        public var reason: String

        public init(arm: String, at: Date, reason: String) {
            self.arm = arm
            self.at = at
            self.reason = reason
        }
    }

    /// Records that `arm` of `experiment` stopped; a second stop of the same arm changes nothing.
    /// - Returns: whether this call stopped it.
    @discardableResult
    public func stop(experiment: String, arm: String, reason: String, at: Date = Date()) throws -> Bool {
        try database.transaction {
            guard
                try database.query(
                    "SELECT 1 AS stopped FROM experiment_stops WHERE experiment = ? AND arm = ?", [experiment, arm]
                ).isEmpty
            else { return false }
            _ = try database.run(
                "INSERT INTO experiment_stops(experiment, arm, at, reason) VALUES (?, ?, ?, ?)",
                [experiment, arm, at.timeIntervalSince1970, reason])
            return true
        }
    }

    /// The stopped arms of `experiment`, by arm.
    public func stops(experiment: String) throws -> [String: Stop] {
        var out: [String: Stop] = [:]
        for row in try database.query(
            "SELECT arm, at, reason FROM experiment_stops WHERE experiment = ?", [experiment])
        {
            let arm = row["arm"].string ?? ""
            out[arm] = Stop(
                arm: arm, at: Date(timeIntervalSince1970: row["at"].double ?? 0), reason: row["reason"].string ?? "")
        }
        return out
    }
}
