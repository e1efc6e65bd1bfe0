// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Tally",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tally", targets: ["tally"]),
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "Records", targets: ["Records"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Replica", targets: ["Replica"]),
        .library(name: "PostgresStore", targets: ["PostgresStore"]),
        .library(name: "Sync", targets: ["Sync"]),
        .library(name: "Transport", targets: ["Transport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The HTTP side of `tally serve` (status page, /api/status, /metrics, health). Without the
        // swift-configuration trait, which Tally does not use.
        .package(
            url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // System zlib, with a shim for the deflateInit2/inflateInit2 macros.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's mallopt, for the server's malloc-arena bound (Transport's MallocTuning).
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),

        // Layer 1: bytes in, values out. No sockets, no files.
        .target(
            name: "Wire",
            dependencies: ["CZlib", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: upcoming
        ),
        // Layer 2: record types, validation, NDJSON/JSON/CSV.
        .target(name: "Records", dependencies: ["Wire"], swiftSettings: upcoming),
        // Layer 3: what every store backend shares: the store protocol the sessions, server and mirrors use
        // (`RecordStore`), the merge and the apply decision, the hybrid logical clock, the one gate for incoming
        // states, and the threads that run synchronous store calls off Swift's cooperative pool.
        .target(
            name: "Store",
            dependencies: [
                "Wire", "Records",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        // Layer 3a: the SQLite backend of the store (change feed, cursors, tokens, reconciliation index).
        .target(
            name: "Replica",
            dependencies: [
                "Wire", "Records", "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        // Layer 3b: the PostgreSQL backend of the store (several servers sharing one database are one replica).
        .target(
            name: "PostgresStore",
            dependencies: [
                "Wire", "Records", "Store",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // Layer 4: session state machines over any `RecordStore`, no I/O of their own.
        .target(
            name: "Sync",
            dependencies: [
                "Wire", "Records", "Store",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // Layer 5: TCP/TLS (SwiftNIO), bundle files, the server.
        .target(
            name: "Transport",
            dependencies: [
                "Wire", "Records", "Store", "Replica", "Sync", "CMalloc",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: upcoming
        ),
        // Layer 6: the CLI verbs, as a library so tests can drive them.
        .target(
            name: "TallyCLI",
            dependencies: [
                "Wire", "Records", "Store", "Replica", "PostgresStore", "Sync", "Transport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(name: "tally", dependencies: ["TallyCLI"], swiftSettings: upcoming),

        // What the test suites share: the seeded generator of their property tests, temporary replicas, a clock
        // set by hand, fresh databases on the tests' PostgreSQL server.
        .target(
            name: "TestSupport",
            dependencies: [
                "Replica", "Store", "Wire", "PostgresStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: upcoming),
        .testTarget(
            name: "WireTests",
            dependencies: [
                "Wire", "CZlib", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(name: "RecordsTests", dependencies: ["Records", "Wire", "TestSupport"], swiftSettings: upcoming),
        .testTarget(
            name: "ReplicaTests",
            dependencies: [
                "Replica", "Store", "Wire", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresStore", "Store", "Wire", "Records", "TestSupport", "Replica",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SyncTests",
            dependencies: ["Sync", "Store", "Replica", "Records", "Wire", "TestSupport"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "TransportTests",
            dependencies: [
                "Transport", "Sync", "Store", "Replica", "Records", "Wire", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // The same tests against every store backend, through the RecordStore protocol.
        .testTarget(
            name: "StoreConformanceTests",
            dependencies: [
                "Store", "Replica", "PostgresStore", "Wire", "TestSupport",
            ],
            swiftSettings: upcoming),
        .testTarget(name: "TallyCLITests", dependencies: ["tally"], swiftSettings: upcoming),
    ]
)
