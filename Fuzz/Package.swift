// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for Tally's decoders of untrusted bytes; see ../docs/reliability.md, "Fuzzing".
// A separate package so that the sanitizer flags (`-sanitize=fuzzer,address`, given on the command line by
// ../scripts/fuzz.sh) never reach the product's build. Each executable exports `LLVMFuzzerTestOneInput` and the
// entry point SwiftPM links (`<Target>_main`), which starts libFuzzer's driver (Sources/FuzzSupport/FuzzDriver.swift).

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")

/// One fuzzer executable over the given Tally products (and NIOCore, for `ByteBuffer`), plus `more`.
func fuzzer(_ name: String, _ products: [String], _ more: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport", nioCore] + products.map { .product(name: $0, package: "Tally") } + more,
        swiftSettings: upcoming
    )
}

let package = Package(
    name: "TallyFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Tally", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // The input as bytes, and reading it as `tally import` does; shared by the fuzzers.
        // The declaration of libFuzzer's driver, which each fuzzer's entry point calls.
        .target(name: "CFuzzDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: [
                "CFuzzDriver", .product(name: "Records", package: "Tally"), .product(name: "Wire", package: "Tally"),
            ],
            swiftSettings: upcoming
        ),
        // The input as bundle files (and resealed behind a recomputed checksum); shared by the bundle fuzzers.
        .target(
            name: "BundleFuzzSupport",
            dependencies: [
                .product(name: "Transport", package: "Tally"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),
        // Frame layer: length prefix, header, CRC-32, inflate (Protocol.md §3).
        fuzzer("FrameFuzzer", ["Wire"]),
        // Frames and then every message type's payload decoding, as a connection's pipeline does.
        fuzzer("MessageFuzzer", ["Wire"]),
        // One record state in the record encoding (Protocol.md §4).
        fuzzer("RecordStateFuzzer", ["Wire"]),
        // A bundle file: trailer, SHA-256, preamble, header, frames, structure checks.
        fuzzer("BundleFuzzer", ["Transport"], ["BundleFuzzSupport"]),
        // Applying a bundle to a new replica (a temporary SQLite file), as `tally bundle apply` does.
        fuzzer("BundleApplyFuzzer", ["Transport", "Replica"], ["BundleFuzzSupport"]),
        // `tally import` readers.
        fuzzer("NDJSONFuzzer", ["Records"]),
        fuzzer("CSVFuzzer", ["Records"]),
        fuzzer("JSONFuzzer", ["Records"]),
        fuzzer("NISTFuzzer", ["Records"]),
        fuzzer("PopoloFuzzer", ["Records"]),
    ]
)
