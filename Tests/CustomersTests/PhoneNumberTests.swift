import Foundation
import Records
import Storage
import Testing

@Suite("Phone numbers in E.164")
struct PhoneNumberTests {
    @Test(
        "a number is the same customer however it is typed, read in the tenant's region",
        arguments: [
            (
                "US", ["555-010-2000", "+1 (555) 010-2000", "1 555 010 2000", "(555) 010.2000", "011 1 555 010 2000"],
                "+15550102000"
            ),
            ("GB", ["07700 900123", "+44 7700 900123", "00 44 7700 900123", "+44 (0)7700 900123"], "+447700900123"),
            ("ES", ["612 345 678", "+34 612 345 678"], "+34612345678"),
        ])
    func typings(_ region: String, _ typed: [String], _ e164: String) throws {
        let r = try #require(PhoneRegion(region))
        for t in typed {
            #expect(r.e164(t) == e164, "\(t) in \(region)")
            #expect(Identity(.phone, t, phoneRegion: r).value == e164)
        }
        #expect(PhoneRegion(region)?.e164("+1 555 010 2000") == "+15550102000", "a + number keeps its own country")
    }

    @Test("only known regions; any case")
    func regions() {
        #expect(PhoneRegion("gb")?.callingCode == "44")
        #expect(PhoneRegion("XX") == nil)
    }

    @Test("numbers stored as digits before E.164 are rewritten once; one that would collide is left and counted")
    func migration() throws {
        let store = try CustomerStoreTests.store()
        let a = try store.customers.resolve([Identity(.email, "a@example.com")])
        let b = try store.customers.resolve([Identity(.email, "b@example.com")])
        // As the old normaliser stored them: digits, no country code.
        _ = try store.database.run(
            "INSERT INTO identities(kind, value, customer_id) VALUES ('phone', '5550102000', ?)", [a.id])
        _ = try store.database.run(
            "INSERT INTO identities(kind, value, customer_id) VALUES ('phone', '5550109999', ?)", [b.id])
        _ = try store.customers.resolve([Identity(.phone, "+1 555 010 9999"), Identity(.account, "B-NEW")])
        let counts = try store.customers.normalisePhoneNumbers(in: .us)
        #expect(counts.rewritten == 1 && counts.conflicting == 1)
        #expect(try store.customers.customer(for: Identity(.phone, "555-010-2000"))?.id == a.id)
        #expect(try store.customers.normalisePhoneNumbers(in: .us).rewritten == 0, "once")
    }
}
