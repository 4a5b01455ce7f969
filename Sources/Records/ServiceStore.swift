import Foundation
import GroundedCore
import Storage

/// The service's own records, in one database beside the index (SQLite) or shared by replicas
/// (PostgreSQL): one small store per aggregate, all over the same connection, so a use case that
/// spans two (an answer and its audit entry) commits them in one transaction.
///
/// Thread safety: every call goes through the connection's lock (see `Database`); the stores are
/// values over that one connection.
public final class ServiceStore: Sendable {
    /// SQLite beside the index (the default) or a shared PostgreSQL schema (replicas).
    public let database: any SQLDatabase
    /// Customers, the identities that lead to them, and their events.
    public let customers: CustomerStore
    /// Conversations across channels and their turns.
    public let conversations: ConversationStore
    /// Every answer sent, with its citations, QA scores and review items.
    public let answers: AnswerArchive
    /// Conversations handed to a person.
    public let handoffs: HandoffStore
    /// Ratings and outcomes on answers, chunks, suggestions, actions and variants.
    public let feedback: FeedbackStore
    /// Suggestions shown to agents and what agents did with them.
    public let suggestions: SuggestionStore
    /// The hash-chained audit log.
    public let audit: AuditLog
    /// Policy changes and their approvals.
    public let policies: PolicyStore
    /// Messages proposed to customers first.
    public let outreach: OutreachStore
    public let experiments: ExperimentStore
    /// Route decisions.
    public let routes: RouteStore

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
        CREATE TABLE qa_scores(
            answer_id TEXT PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE, score REAL NOT NULL);
        """,
        """
        CREATE TABLE audit(
            sequence INTEGER PRIMARY KEY, at REAL NOT NULL, action TEXT NOT NULL, hash TEXT NOT NULL,
            body TEXT NOT NULL);
        """,
        """
        CREATE TABLE policy_changes(
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, proposed_at REAL NOT NULL, body TEXT NOT NULL);
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
        // Whom an answer was sent to, as a column of its own: erasure finds a customer's answers
        // without reading the response JSON (answers archived before this are filled in once, on open).
        """
        ALTER TABLE answers ADD COLUMN customer_id TEXT;
        CREATE INDEX answers_by_customer ON answers(customer_id);
        """,
        // Which next-best action an action suggestion offered, as a column: the action records read
        // it, not the suggestion's JSON (suggestions stored before this are filled in once, on open).
        """
        ALTER TABLE suggestions ADD COLUMN action_id TEXT;
        """,
        // Where a reply went and why, when the customer's opt-outs decided it (`Turn.delivery`).
        """
        ALTER TABLE turns ADD COLUMN delivery TEXT;
        """,
        // The level-2 review queue: who has an item, and a person's verdict on it.
        """
        ALTER TABLE reviews ADD COLUMN assignee TEXT;
        ALTER TABLE reviews ADD COLUMN verdict TEXT;
        ALTER TABLE reviews ADD COLUMN note TEXT;
        ALTER TABLE reviews ADD COLUMN resolved_by TEXT;
        ALTER TABLE reviews ADD COLUMN resolved_at REAL;
        """,
        // Experiment arms the guardrail stopped (`ExperimentStore`).
        """
        CREATE TABLE experiment_stops(
            experiment TEXT NOT NULL, arm TEXT NOT NULL, at REAL NOT NULL, reason TEXT NOT NULL,
            PRIMARY KEY(experiment, arm));
        """,
    ]

    /// Opens (creating and migrating) `directory/service.sqlite`.
    /// - Throws: `DatabaseError` when the file is not a database or cannot be created.
    public convenience init(directory: URL) throws {
        try PrivateDirectory.create(at: directory)
        try self.init(database: try Database(path: directory.appendingPathComponent("service.sqlite").path))
    }

    /// Opens the store in `database` (SQLite or PostgreSQL), migrating it, and fills in the
    /// columns and rows that older versions of the service did not write.
    /// - Throws: the database's error when a migration fails.
    public init(database: any SQLDatabase) throws {
        self.database = database
        customers = CustomerStore(database: database)
        conversations = ConversationStore(database: database)
        answers = AnswerArchive(database: database)
        handoffs = HandoffStore(database: database)
        feedback = FeedbackStore(database: database)
        suggestions = SuggestionStore(database: database)
        audit = AuditLog(database: database)
        policies = PolicyStore(database: database)
        outreach = OutreachStore(database: database)
        experiments = ExperimentStore(database: database)
        routes = RouteStore(database: database)
        try database.migrate(Self.migrations)
        try answers.backfill()
        try suggestions.backfill()
    }

    /// A fresh identifier with a prefix (`cus_`, `conv_`, `ans_`): 20 random hex digits after it.
    public static func makeID(_ prefix: String) -> String { RecordCoding.makeID(prefix) }
}
