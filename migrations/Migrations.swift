// SwiftPM needs one Swift file here to treat migrations/ as a target. The
// EmbedMigrations build plugin turns each NNN_name.sql beside this file into
// an entry of `Migrations.all`. A shipped migration is never edited: add a new
// file instead.

/// One schema step, applied once, in its own transaction.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// The step in SQLite's dialect.
    public let sql: String
    /// The step in PostgreSQL's dialect (migrations/postgres/NNN_name.sql),
    /// or the same text when the two dialects agree.
    public let postgresSQL: String

    public init(version: Int, name: String, sql: String, postgresSQL: String? = nil) {
        self.version = version
        self.name = name
        self.sql = sql
        self.postgresSQL = postgresSQL ?? sql
    }
}

/// Namespace for the embedded migrations (see EmbeddedMigrations.swift, generated).
public enum Migrations {}
