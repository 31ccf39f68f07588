import TrackerCore

/// Where the database lives: `--db PATH`, else `TRACKER_DB`, else
/// `$XDG_DATA_HOME/tracker/tracker.db`, else `~/.local/share/tracker/tracker.db`.
public enum DatabaseLocation {
    public static func resolve(option: String?, environment: [String: String]) -> String? {
        if let option, !option.isEmpty { return option }
        if let env = environment["TRACKER_DB"], !env.isEmpty { return env }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/tracker/tracker.db" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/tracker/tracker.db" }
        return nil
    }
}

extension SQLStore {
    /// Opens the database `location` names: a PostgreSQL URI or `pg:`
    /// string (see `PostgresConnectionString`), else a SQLite file path.
    public static func open(_ location: String, mode: StoreOpenMode, today: Day,
                            environment: [String: String]) throws(Failure) -> SQLStore {
        if PostgresConnectionString.isUnknownScheme(location) {
            throw Failure.usage("--db names an unknown kind of database (a URI that is not postgresql://); give a PostgreSQL URI such as postgresql://user@host/db or a file path")
        }
        if let server = try PostgresConnectionString(location, environment: environment) {
            return try SQLStore(postgres: server, mode: mode, today: today)
        }
        return try SQLStore(path: location, mode: mode, today: today)
    }
}
