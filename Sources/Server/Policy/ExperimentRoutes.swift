import Hummingbird
import Records
import ServiceDesk

/// `GET /v1/experiment` (the running reply experiment's arms with intervals),
/// `POST /v1/experiment/guardrail` (run its guardrail now) and `GET /v1/reports/fairness` (the bias
/// audit across customer segments).
extension GroundedService {
    func addExperimentRoutes(to router: Router<GroundedRequestContext>) {
        router.get("/v1/experiment") { [self] _, _ -> Response in
            guard let report = try await offload({ [desk] in try desk.backOffice.experimentReport() }) else {
                throw APIError.notFound(
                    "no experiment runs: propose an experiment policy (POST /v1/policies/experiment/proposals)")
            }
            return try Self.json(report)
        }
        router.post("/v1/experiment/guardrail") { [self] _, _ -> Response in
            try Self.json(try await offload { [desk] in try desk.checkGuardrail() })
        }
        router.get("/v1/reports/fairness") { [self] _, _ -> Response in
            try Self.json(try await offload { [desk] in try desk.backOffice.fairnessReport() })
        }
    }
}
