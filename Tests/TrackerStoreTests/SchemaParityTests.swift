import Foundation
import Migrations
import Testing
import TrackerCore
@testable import TrackerStore

/// The fully migrated SQLite schema and the fully migrated PostgreSQL schema
/// hold the same tables, columns, keys, views and indexes, read through the
/// stores' own connections: SQLite's catalog (`sqlite_schema`,
/// `pragma_table_info`, `pragma_index_list`), PostgreSQL's
/// (information_schema, pg_catalog) restricted to `current_schema()`.
@Suite struct SchemaParityTests {
    /// What both schemas must agree on about one column.
    struct Column: Equatable, CustomStringConvertible {
        var name: String
        /// "integer", "text", or the declared type when it is neither.
        var family: String
        var notNull: Bool
        var hasDefault: Bool
        var description: String {
            "\(name) \(family)\(notNull ? " NOT NULL" : "")\(hasDefault ? " DEFAULT" : "")"
        }
    }

    /// One schema as the test compares it.
    struct Schema {
        var tables: [String: [Column]] = [:]
        var primaryKeys: [String: [String]] = [:]
        var views: [String: [String]] = [:]
        /// Indexes made by CREATE INDEX, by table.
        var indexes: [String: Set<String>] = [:]
        /// Unique constraints by table, each as its column list ("a,b").
        var uniques: [String: Set<String>] = [:]
    }

    /// PostgreSQL's unique indexes that stand for SQLite's `UNIQUE COLLATE
    /// NOCASE` columns: SQLite has them as automatic `sqlite_autoindex_*`
    /// (a unique constraint), the PostgreSQL variants as named unique
    /// indexes on `lower(name COLLATE "C")` (migrations/postgres/001, 002).
    static let nocaseIndexes: [(table: String, index: String, column: String)] = [
        ("fine_tune", "fine_tune_name_nocase", "name"),
        ("channel", "channel_name_nocase", "name"),
    ]

    static func family(_ declared: String) -> String {
        let t = declared.lowercased()
        if ["integer", "bigint", "int", "smallint"].contains(t) { return "integer" }
        if t == "text" || t.hasPrefix("character") || t.hasPrefix("varchar") { return "text" }
        return t
    }

    /// Rows of `sql` as arrays of text (NULL as "").
    static func rows(_ db: Database, _ sql: String) throws -> [[String]] {
        let st = try db.prepare(sql)
        var out: [[String]] = []
        while try st.step() {
            out.append((0..<st.columnCount).map { st.isNull($0) ? "" : st.text($0) })
        }
        return out
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    static func sqliteSchema(_ db: Database) throws -> Schema {
        var schema = Schema()
        let objects = try rows(db, "SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for object in objects {
            let (type, name) = (object[0], object[1])
            let info = try rows(db, "SELECT name, type, \"notnull\", CASE WHEN dflt_value IS NULL THEN 0 ELSE 1 END, pk FROM pragma_table_info(\(quoted(name))) ORDER BY cid")
            if type == "view" {
                schema.views[name] = info.map { $0[0] }
                continue
            }
            // An INTEGER PRIMARY KEY is the rowid: never NULL, though not declared so.
            schema.tables[name] = info.map {
                Column(name: $0[0], family: family($0[1]), notNull: $0[2] == "1" || $0[4] != "0", hasDefault: $0[3] == "1")
            }
            schema.primaryKeys[name] = info.filter { $0[4] != "0" }.sorted { Int($0[4])! < Int($1[4])! }.map { $0[0] }
            var indexes = Set<String>()
            var uniques = Set<String>()
            for index in try rows(db, "SELECT name, origin FROM pragma_index_list(\(quoted(name)))") {
                switch index[1] {
                case "c": indexes.insert(index[0])
                case "u":
                    let columns = try rows(db, "SELECT name FROM pragma_index_info(\(quoted(index[0]))) ORDER BY seqno").map { $0[0] }
                    uniques.insert(columns.joined(separator: ","))
                default: break // the primary key, compared above
                }
            }
            schema.indexes[name] = indexes
            schema.uniques[name] = uniques
        }
        return schema
    }

    static func postgresSchema(_ db: Database) throws -> Schema {
        var schema = Schema()
        let tables = try rows(db, """
            SELECT table_name, table_type FROM information_schema.tables
            WHERE table_schema = current_schema() ORDER BY table_name
            """)
        for table in tables {
            let name = table[0]
            let info = try rows(db, """
                SELECT column_name, data_type, CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END,
                       CASE WHEN column_default IS NULL THEN 0 ELSE 1 END
                FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(quoted(name)) ORDER BY ordinal_position
                """)
            if table[1] == "VIEW" {
                schema.views[name] = info.map { $0[0] }
                continue
            }
            schema.tables[name] = info.map {
                Column(name: $0[0], family: family($0[1]), notNull: $0[2] == "1", hasDefault: $0[3] == "1")
            }
            schema.primaryKeys[name] = try rows(db, """
                SELECT k.column_name FROM information_schema.table_constraints c
                JOIN information_schema.key_column_usage k
                  ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
                 AND k.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND c.table_name = \(quoted(name)) AND c.constraint_type = 'PRIMARY KEY'
                ORDER BY k.ordinal_position
                """).map { $0[0] }
            // Indexes that back no constraint: those CREATE INDEX made.
            schema.indexes[name] = Set(try rows(db, """
                SELECT i.relname FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid
                WHERE t.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND t.relname = \(quoted(name))
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                """).map { $0[0] })
            schema.uniques[name] = Set(try rows(db, """
                SELECT string_agg(CAST(a.attname AS TEXT), ',' ORDER BY k.n) FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid
                CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                WHERE t.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND t.relname = \(quoted(name)) AND c.contype = 'u'
                GROUP BY c.oid
                """).map { $0[0] })
        }
        return schema
    }

    @Test func sqliteAndPostgresSchemasMatchTableByTableAndColumnByColumn() throws {
        try withTemporaryDirectory { dir in
            let lite = try #require(try StoreBackend.sqlite.open(dir, day1) as? SQLStore)
            let pg = try #require(try StoreBackend.postgres.open(dir, day1) as? SQLStore)
            let a = try Self.sqliteSchema(lite.database)
            var b = try Self.postgresSchema(pg.database)

            // The named NOCASE indexes are SQLite's automatic unique indexes.
            for (table, index, column) in Self.nocaseIndexes {
                #expect(b.indexes[table]?.remove(index) != nil, "postgres: \(table): no index \(index)")
                b.uniques[table, default: []].insert(column)
            }

            #expect(Set(a.tables.keys) == Set(b.tables.keys), "tables: only in sqlite \(Set(a.tables.keys).subtracting(b.tables.keys).sorted()), only in postgres \(Set(b.tables.keys).subtracting(a.tables.keys).sorted())")
            // The catalog queries really read something on both sides.
            #expect(a.tables.count >= 15, "tables read: \(a.tables.keys.sorted())")
            #expect(a.views.count >= 2 && a.indexes.values.map(\.count).reduce(0, +) >= 10
                    && a.uniques.values.map(\.count).reduce(0, +) >= 5, "sqlite: \(a.views.keys.sorted()) \(a.indexes) \(a.uniques)")
            for table in a.tables.keys.sorted() {
                guard let pgColumns = b.tables[table], let liteColumns = a.tables[table] else { continue }
                #expect(liteColumns.map(\.name) == pgColumns.map(\.name), "\(table): column names/order differ")
                for (l, p) in zip(liteColumns, pgColumns) where l.name == p.name {
                    #expect(l.family == p.family, "\(table).\(l.name): type sqlite \(l.family), postgres \(p.family)")
                    #expect(l.notNull == p.notNull, "\(table).\(l.name): NOT NULL sqlite \(l.notNull), postgres \(p.notNull)")
                    #expect(l.hasDefault == p.hasDefault, "\(table).\(l.name): default sqlite \(l.hasDefault), postgres \(p.hasDefault)")
                }
                #expect(a.primaryKeys[table] == b.primaryKeys[table],
                        "\(table): primary key sqlite \(a.primaryKeys[table] ?? []), postgres \(b.primaryKeys[table] ?? [])")
                #expect(a.indexes[table] == b.indexes[table],
                        "\(table): indexes sqlite \(a.indexes[table]?.sorted() ?? []), postgres \(b.indexes[table]?.sorted() ?? [])")
                #expect(a.uniques[table] == b.uniques[table],
                        "\(table): unique constraints sqlite \(a.uniques[table]?.sorted() ?? []), postgres \(b.uniques[table]?.sorted() ?? [])")
            }
            #expect(Set(a.views.keys) == Set(b.views.keys), "views: sqlite \(a.views.keys.sorted()), postgres \(b.views.keys.sorted())")
            for view in a.views.keys.sorted() {
                #expect(a.views[view] == b.views[view], "view \(view): columns sqlite \(a.views[view] ?? []), postgres \(b.views[view] ?? [])")
            }
        }
    }

    /// Every shipped migration has a PostgreSQL variant under the same name
    /// (the embedder checks the names) and it was really translated.
    @Test func everyMigrationHasATranslatedPostgresVariant() {
        let versions = Migrations.all.map(\.version)
        #expect(Array(1...10).allSatisfy(versions.contains), "\(versions)")
        for m in Migrations.all {
            #expect(m.postgresSQL != m.sql, "migration \(m.version)_\(m.name) has no PostgreSQL translation")
            #expect(!m.postgresSQL.isEmpty, "migration \(m.version)_\(m.name)")
        }
    }
}
