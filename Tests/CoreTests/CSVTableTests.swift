import GroundedCore
import Testing

@Suite("CSV tables")
struct CSVTableTests {
    @Test("quoted fields keep commas, doubled quotes and line breaks; CRLF and blank lines are handled")
    func quoting() throws {
        let text = "text,category\r\n\"Hello, world\",greet\r\n\r\n\"She said \"\"hi\"\"\nthen left\",story\nplain,x"
        let table = try CSVTable(parsing: text)
        #expect(table.columns == ["text", "category"])
        #expect(table.rows == [["Hello, world", "greet"], ["She said \"hi\"\nthen left", "story"], ["plain", "x"]])
        #expect(table.column("category") == 1)
        #expect(table.column("missing") == nil)
    }

    @Test("an unclosed quote, a stray quote and a short record are errors naming the line")
    func errors() {
        #expect(throws: CSVError(source: "f.csv", line: 2, problem: "a quoted field is never closed")) {
            try CSVTable(parsing: "a,b\n\"open,x\n", source: "f.csv")
        }
        #expect(throws: CSVError.self) { try CSVTable(parsing: "a,b\nx\"y,z\n") }
        #expect(throws: CSVError(source: "CSV", line: 3, problem: "1 fields where the header has 2")) {
            try CSVTable(parsing: "a,b\n1,2\n3\n")
        }
        #expect(throws: CSVError.self) { try CSVTable(parsing: "") }
    }
}
