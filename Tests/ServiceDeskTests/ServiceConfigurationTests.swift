import Testing

@testable import ServiceDesk

@Suite("Service configuration")
struct ServiceConfigurationTests {
    @Test("the defaults validate; a history too short for the handoff policy's count is refused, naming it")
    func historyTurns() throws {
        try ServiceConfiguration().validate()
        #expect(ServiceConfiguration().historyTurns == 24)
        let short = ServiceConfiguration(historyTurns: 10)
        #expect {
            try short.validate()
        } throws: { error in
            "\(error)".contains("historyTurns 10")
        }
        #expect(throws: ServiceConfigurationError.self) { try ServiceConfiguration(maxMessageCharacters: 0).validate() }
    }
}
