import Foundation
import GroundedCore
import Storage

/// The service's own records, in one SQLite database beside the index: customers and the
/// identities that lead to them, their events, their conversations across channels, and every
/// answer sent over the API (so a short channel can link to the full text).
///
/// Thread safety: every call goes through the connection's lock (see `Database`).
public final class ServiceStore: Sendable {
    /// SQLite beside the index (the default) or a shared PostgreSQL schema (replicas).
    public let database: any SQLDatabase

    static let migrations = [
        """
        CREATE TABLE answers(
            id TEXT PRIMARY KEY, created_at TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL,
            question TEXT NOT NULL, body TEXT NOT NULL);
        """,
        """
        CREATE TABLE customers(
            id TEXT PRIMARY KEY, created_at REAL NOT NULL, profile TEXT NOT NULL,
            attributes TEXT NOT NULL, preferences TEXT NOT NULL);
        CREATE TABLE identities(
            kind TEXT NOT NULL, value TEXT NOT NULL,
            customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            PRIMARY KEY(kind, value));
        CREATE INDEX identities_by_customer ON identities(customer_id);
        CREATE TABLE events(
            id INTEGER PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            type TEXT NOT NULL, data TEXT NOT NULL, at REAL NOT NULL);
        CREATE INDEX events_by_customer ON events(customer_id, at);
        CREATE TABLE conversations(
            id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            state TEXT NOT NULL, started_at REAL NOT NULL, updated_at REAL NOT NULL);
        CREATE INDEX conversations_by_customer ON conversations(customer_id, updated_at);
        CREATE TABLE turns(
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, at REAL NOT NULL, channel TEXT NOT NULL, author TEXT NOT NULL,
            text TEXT NOT NULL, answer_id TEXT, citations TEXT NOT NULL,
            PRIMARY KEY(conversation_id, idx));
        """,
        """
        CREATE TABLE handoffs(
            id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            customer_id TEXT NOT NULL, state TEXT NOT NULL, created_at REAL NOT NULL, body TEXT NOT NULL);
        CREATE INDEX handoffs_by_state ON handoffs(state, created_at);
        """,
        """
        CREATE TABLE suggestions(
            id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            turn INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, created_at REAL NOT NULL);
        CREATE INDEX suggestions_by_conversation ON suggestions(conversation_id, turn);
        CREATE TABLE suggestion_feedback(
            id INTEGER PRIMARY KEY, suggestion_id TEXT NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
            agent TEXT NOT NULL, action TEXT NOT NULL, text TEXT, at REAL NOT NULL);
        """,
        """
        CREATE TABLE reviews(
            answer_id TEXT PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
            created_at REAL NOT NULL, score REAL, reasons TEXT NOT NULL, state TEXT NOT NULL);
        CREATE INDEX reviews_by_state ON reviews(state, created_at);
        """,
        """
        CREATE TABLE route_decisions(
            id TEXT PRIMARY KEY, created_at REAL NOT NULL, conversation_id TEXT, action TEXT NOT NULL, queue TEXT,
            rule TEXT NOT NULL, policy_version TEXT NOT NULL, body TEXT NOT NULL);
        CREATE INDEX route_decisions_by_conversation ON route_decisions(conversation_id, created_at);
        """,
        """
        CREATE TABLE feedback(
            id TEXT PRIMARY KEY, at REAL NOT NULL, target_kind TEXT NOT NULL, target_id TEXT NOT NULL,
            question_kind TEXT NOT NULL, who TEXT NOT NULL, rating TEXT, outcome TEXT, text TEXT);
        CREATE INDEX feedback_by_target ON feedback(target_kind, target_id);
        """,
        """
        CREATE TABLE outreach(
            id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            created_at REAL NOT NULL, send_at REAL NOT NULL, body TEXT NOT NULL);
        CREATE INDEX outreach_by_customer ON outreach(customer_id, created_at);
        """,
        """
        CREATE TABLE qa_scores(answer_id TEXT PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE, score REAL NOT NULL);
        """,
        """
        CREATE TABLE audit(sequence INTEGER PRIMARY KEY, at REAL NOT NULL, action TEXT NOT NULL, hash TEXT NOT NULL, body TEXT NOT NULL);
        """,
        """
        CREATE TABLE policy_changes(id TEXT PRIMARY KEY, kind TEXT NOT NULL, proposed_at REAL NOT NULL, body TEXT NOT NULL);
        CREATE INDEX policy_changes_by_kind ON policy_changes(kind, proposed_at);
        """,
        // A vote belongs to the authenticated principal (`voter`: the key holder and role), never to `who`.
        """
        ALTER TABLE feedback ADD COLUMN voter TEXT NOT NULL DEFAULT '';
        ALTER TABLE feedback ADD COLUMN voter_role TEXT NOT NULL DEFAULT '';
        CREATE INDEX feedback_by_voter ON feedback(target_kind, target_id, voter);
        """,
        // An answer's citations as rows, so the store reads its own records, not the response's JSON
        // (answers archived before this are filled in once, by `backfillAnswerCitations`).
        """
        CREATE TABLE answer_citations(
            answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE, number INTEGER NOT NULL,
            document_id TEXT NOT NULL, version TEXT NOT NULL, start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL, PRIMARY KEY(answer_id, number));
        """,
    ]

    /// Opens (creating and migrating) `directory/service.sqlite`.
    /// - Throws: `DatabaseError` when the file is not a database or cannot be created.
    public convenience init(directory: URL) throws {
        try PrivateDirectory.create(at: directory)
        try self.init(database: try Database(path: directory.appendingPathComponent("service.sqlite").path))
    }

    /// Opens the store in `database` (SQLite or PostgreSQL), migrating it.
    /// - Throws: the database's error when a migration fails.
    public init(database: any SQLDatabase) throws {
        self.database = database
        try database.migrate(Self.migrations)
        try backfillAnswerCitations()
    }

    /// A fresh identifier with a prefix (`cus_`, `conv_`, `ans_`): 20 random hex digits after it.
    public static func makeID(_ prefix: String) -> String {
        prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T {
        try JSONDecoder().decode(T.self, from: Data((text ?? "").utf8))
    }
}

/// An answer as the API sent it: the response as JSON, for reading it back as sent, and its
/// citations as records of their own, for what the store itself reads (feedback priors).
public struct AnswerRecord: Sendable, Hashable {
    public var id: String
    public var createdAt: Date
    public var channel: String
    public var status: String
    public var question: String
    /// The response as JSON, returned as it was sent; the store never reads inside it.
    public var body: String
    /// The spans the answer cites, in citation-number order.
    public var citations: [ArchivedCitation]

    public init(
        id: String, createdAt: Date, channel: String, status: String, question: String, body: String,
        citations: [ArchivedCitation] = []
    ) {
        self.id = id
        self.createdAt = createdAt
        self.channel = channel
        self.status = status
        self.question = question
        self.body = body
        self.citations = citations
    }
}

/// One span an archived answer cites: `[n]` in its text, the document version and the offsets.
public struct ArchivedCitation: Sendable, Hashable, Codable {
    public var number: Int
    public var documentID: String
    public var version: String
    public var start: Int
    public var end: Int

    public init(number: Int, documentID: String, version: String, start: Int, end: Int) {
        self.number = number
        self.documentID = documentID
        self.version = version
        self.start = start
        self.end = end
    }
}
