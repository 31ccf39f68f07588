import TrackerCore
import TrackerStore

/// `tracker migrate --list`.
enum MigrationListing {
    static let listing = Listing<MigrationStatus>([
        Column("VERSION", "version", in: .table) { .text(threeDigits($0.version)) },
        Column("VERSION", "version", in: .data) { .int($0.version) },
        Column("NAME", "name") { .text($0.name) },
        Column("STATUS", "status") { .text($0.appliedOn == nil ? "pending" : "applied") },
        Column("APPLIED", "applied") { .day(text: $0.appliedOn) },
    ], key: "migrations")
}

/// A zero-padded three-digit migration number, like the file names.
func threeDigits(_ n: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, 3 - s.count)) + s
}
