// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tracker",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tracker", targets: ["tracker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // libsqlite3 from the system (Debian: libsqlite3-dev).
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The top-level migrations/ folder: each .sql file is turned into a
        // string literal at build time, so a copied binary carries its schema.
        .target(
            name: "Migrations",
            path: "migrations",
            plugins: ["EmbedMigrations"]
        ),
        .executableTarget(name: "MigrationEmbedder"),
        .plugin(
            name: "EmbedMigrations",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"]
        ),
        // libcurl's headers from the system (Debian: libcurl4-openssl-dev).
        // Not linked: CurlShim loads libcurl with dlopen on first use, so
        // commands that never touch the network start fast.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "CurlShim",
            dependencies: ["CCurl"],
            linkerSettings: [.linkedLibrary("dl")]
        ),
        // libpq's headers from the system (Debian: libpq-dev). Not linked:
        // PQShim loads libpq with dlopen the first time a PostgreSQL
        // database is named, so a SQLite-only user needs neither.
        .systemLibrary(
            name: "CPostgres",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "PQShim",
            dependencies: ["CPostgres"],
            linkerSettings: [.linkedLibrary("dl")]
        ),
        // HTTP and SMTP over libcurl: the only code that talks to the network.
        .target(name: "TrackerTransport", dependencies: ["CurlShim"]),
        // Every rule as pure code: no I/O, no clock.
        .target(name: "TrackerCore"),
        // The store: its queries, and the SQLite and PostgreSQL backends.
        .target(name: "TrackerStore", dependencies: ["CSQLite", "PQShim", "Migrations", "TrackerCore"]),
        // Alert delivery: secrets at send time, retries, the notify run.
        .target(name: "TrackerNotify", dependencies: ["TrackerCore", "TrackerStore", "TrackerTransport"]),
        // Learning base-model facts: provider model lists, the LiteLLM
        // catalog, fine-tuning job imports, whole-database export/import.
        .target(name: "TrackerSync", dependencies: ["TrackerCore", "TrackerStore", "TrackerTransport", "Migrations"]),
        // The thin command-line layer.
        .executableTarget(
            name: "tracker",
            dependencies: [
                "TrackerCore",
                "TrackerStore",
                "TrackerNotify",
                "TrackerSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets: locating the repo and the built
        // binary, running processes, and the Python servers in Tests/servers.
        .target(name: "TrackerTestKit", path: "Tests/TrackerTestKit"),
        .testTarget(name: "TrackerCoreTests", dependencies: ["TrackerCore"]),
        .testTarget(name: "TrackerStoreTests", dependencies: ["TrackerStore", "TrackerCore", "CSQLite", "Migrations", "TrackerTestKit"]),
        .testTarget(name: "TrackerCLITests", dependencies: ["tracker", "TrackerStore", "TrackerTestKit"]),
        .testTarget(name: "TrackerTransportTests", dependencies: ["TrackerTransport", "TrackerTestKit"]),
        .testTarget(name: "TrackerSyncTests", dependencies: ["tracker", "TrackerSync", "TrackerCore", "TrackerStore", "TrackerTestKit"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "TrackerNotifyTests", dependencies: ["tracker", "TrackerNotify", "TrackerCore", "TrackerStore", "TrackerTestKit"],
                    exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
