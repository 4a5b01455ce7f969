import Testing

@testable import Governance

@Suite("PII redaction")
struct PIIRedactorTests {
    let redactor = PIIRedactor()

    /// A corpus of personal data as customers write it, with the kind each must be found as.
    static let corpus: [(String, PIIRedactor.Kind)] = [
        ("dana.lopez+orders@example.co.uk", .email), ("J.Smith@mail.example.com", .email),
        ("4111 1111 1111 1111", .card), ("5500-0000-0000-0004", .card), ("378282246310005", .card),
        ("GB82 WEST 1234 5698 7654 32", .iban), ("DE89370400440532013000", .iban),
        ("123-45-6789", .nationalID), ("AB 12 34 56 C", .nationalID),
        ("+1 (415) 555-0132", .phone), ("+44 20 7946 0958", .phone), ("07700 900123", .phone), ("415.555.0132", .phone),
        ("4155550132", .phone),
        ("221 Baker Street", .address), ("1600 Pennsylvania Avenue", .address),
        ("SW1A 1AA", .postcode), ("EC1V 9HX", .postcode),
    ]

    @Test("every kind is found in running text, and the redacted text keeps none of it")
    func corpusNeverLeaks() {
        for (pii, kind) in Self.corpus {
            let message = "Hi, it's about my order A-10042 — reach me at \(pii) please, thanks!"
            let found = redactor.find(message)
            #expect(found.map(\.kind) == [kind], "\(pii): \(found.map { ($0.kind, $0.text) })")
            #expect(found.first?.text == pii)
            let redacted = redactor.redact(message)
            #expect(!redacted.contains(pii) && redacted.contains("[\(kind.rawValue)]"), "\(redacted)")
            #expect(redacted.contains("A-10042"), "the order number stays")
        }
    }

    @Test(
        "order numbers, amounts, dates, times, versions and a Luhn-failing number are left alone",
        arguments: [
            "Order #123456 cost $49.00 on 2026-11-20 at 10:30.", "Case AB-991 was opened on 20.11.2026.",
            "Firmware 2.14.3 fixes it; the hub model is LH-200.", "Ref 4111 1111 1111 1112 is not a card.",
            "We refund within 5 to 10 business days, 60 days for Plus.", "The SKU is LH-200-BLK, batch 20261120.",
        ])
    func leftAlone(text: String) {
        #expect(redactor.find(text).isEmpty, "\(redactor.find(text).map { ($0.kind, $0.text) })")
        #expect(redactor.redact(text) == text)
    }

    @Test("several findings in one message are redacted in place, in order")
    func several() {
        let text = "Email a@b.co or call +1 800 555 0142; card 4111-1111-1111-1111."
        #expect(redactor.find(text).map(\.kind) == [.email, .phone, .card])
        #expect(redactor.redact(text) == "Email [email] or call [phone]; card [card].")
    }

    @Test("checksums: Luhn and IBAN mod 97")
    func checksums() {
        #expect(PIIRedactor.luhn("4111111111111111") && !PIIRedactor.luhn("4111111111111112"))
        #expect(PIIRedactor.mod97("GB82WEST12345698765432") && !PIIRedactor.mod97("GB83WEST12345698765432"))
    }
}
