/// Text made safe for one log line: every control character is written as a visible escape, so
/// a value from a request (a path with `%0A`, a header, a question with a newline, ESC or NUL)
/// can never start a forged line or drive a terminal.
///
/// `\` becomes `\\`, so an escape in the output always came from an escaped character.
enum LogText {
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: #"\\"#.unicodeScalars)
            case "\n": out.append(contentsOf: #"\n"#.unicodeScalars)
            case "\r": out.append(contentsOf: #"\r"#.unicodeScalars)
            case "\t": out.append(contentsOf: #"\t"#.unicodeScalars)
            case _ where needsEscape(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: "\\u{\(hex)}".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// C0 controls, DEL, C1 controls, the line and paragraph separators, and the backslash.
    private static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029 || s == "\\"
    }
}
