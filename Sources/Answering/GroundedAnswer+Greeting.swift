import Foundation
import GroundedCore
import Retrieval

extension GroundedAnswer {
    /// This answer opened with the customer's name, and their plan when a cited source was
    /// written for it — only when `profile` consents to personalisation; otherwise unchanged.
    func greeting(for profile: CustomerProfile?) -> GroundedAnswer {
        guard let profile, profile.allows(.personalization) else { return self }
        let name = profile.name.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
            $0.isEmpty ? nil : $0
        }
        let plan = profile.plan.flatMap { plan in
            sources.contains { $0.profileReasons?.contains(ProfileMatch.writtenFor("plan", plan)) ?? false }
                ? plan : nil
        }
        var a = self
        switch (name, plan) {
        case (let name?, let plan?): a.greeting = "Hi \(name), here is what applies to your \(plan) plan."
        case (let name?, nil): a.greeting = "Hi \(name)."
        case (nil, let plan?): a.greeting = "Here is what applies to your \(plan) plan."
        case (nil, nil): break
        }
        return a
    }
}
