// swift-tools-version: 6.1
import PackageDescription

// Performance benchmarks of Tally. Release builds only; see ../BENCHMARKS.md for the targets and results.
// A separate package so that ordo-one/benchmark and its malloc interposer never reach the product's build.

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "TallyBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Tally", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // Dataset generation, in-process server/client plumbing and measurement helpers shared by both runners.
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "Wire", package: "Tally"),
                .product(name: "Records", package: "Tally"),
                .product(name: "Store", package: "Tally"),
                .product(name: "Replica", package: "Tally"),
                .product(name: "Sync", package: "Tally"),
                .product(name: "Transport", package: "Tally"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // The store's physical limit on this machine (issue 9's sqlite-limit.c as one function), on system SQLite.
        .target(name: "CSQLiteLimit", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The end-to-end scenarios at 1,000,000 records, printed as one table of ratios.
        .executableTarget(
            name: "tally-bench",
            dependencies: [
                "BenchSupport",
                "CSQLiteLimit",
                .product(name: "Wire", package: "Tally"),
                .product(name: "Records", package: "Tally"),
                .product(name: "Store", package: "Tally"),
                .product(name: "Replica", package: "Tally"),
                .product(name: "Sync", package: "Tally"),
                .product(name: "Transport", package: "Tally"),
            ],
            swiftSettings: upcoming
        ),
        // The ordo-one/benchmark suite: per-operation rates and allocations, with thresholds.
        .executableTarget(
            name: "SyncBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Wire", package: "Tally"),
                .product(name: "Records", package: "Tally"),
                .product(name: "Store", package: "Tally"),
                .product(name: "Replica", package: "Tally"),
                .product(name: "Sync", package: "Tally"),
                .product(name: "Transport", package: "Tally"),
            ],
            path: "Benchmarks/SyncBenchmarks",
            swiftSettings: upcoming,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
