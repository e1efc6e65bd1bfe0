import BundleFuzzSupport
import Foundation
import FuzzSupport
import Replica
import Transport

/// The folder of this process's inputs and replicas.
private let workFolder = NSTemporaryDirectory() + "/tally-fuzz-apply-\(getpid())"

/// Applies the input as a bundle to a new, empty replica in a temporary folder (a real SQLite file), as
/// `tally bundle apply` does: verify, check every record, then merge all batches in one transaction. The input is
/// also applied with its trailer's checksum recomputed (`BundleInput.variants`), so mutations get past it.
///
/// A thrown error is a correct answer when the replica is left without any dataset (a refused bundle changes
/// nothing). A bundle that applies must apply again as a no-op (no record changed, no new conflict) and count
/// every record its trailer declares. A crash, trap, sanitizer report, hang or broken rule is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    for bytes in BundleInput.variants(FuzzInput.bytes(data, size)) { apply(bytes) }
    return 0
}

private func apply(_ bytes: [UInt8]) {
    let bundle = workFolder + "/input.tally"
    let directory = workFolder + "/replica"
    try? FileManager.default.removeItem(atPath: directory)
    do {
        try FileManager.default.createDirectory(atPath: workFolder, withIntermediateDirectories: true)
    } catch {
        fatalError("cannot create \(workFolder): \(error)")
    }
    BundleInput.write(bytes, to: bundle)
    let replica: Replica
    do {
        replica = try Replica.create(at: directory)
    } catch {
        fatalError("cannot create a replica in \(directory): \(error)")
    }
    let applier = BundleApplier(store: ReplicaRecordStore(replica: replica))
    let report: BundleApplyReport
    do {
        report = try blocking { try await applier.apply(path: bundle) }
    } catch {
        let left = (try? replica.datasets()) ?? []
        precondition(left.isEmpty, "a refused bundle (\(error)) left datasets \(left.map(\.name))")
        return
    }
    let received = report.datasets.reduce(0) { $0 + $1.received }
    precondition(
        report.madeHere || UInt64(received) == report.summary.trailer.recordCount,
        "applied \(received) records of a bundle whose trailer says \(report.summary.trailer.recordCount)")
    let again: BundleApplyReport
    do {
        again = try blocking { try await applier.apply(path: bundle) }
    } catch {
        preconditionFailure("a bundle that applied is refused the second time: \(error)")
    }
    for outcome in again.datasets {
        precondition(
            outcome.applied == 0 && outcome.newConflicts == 0,
            "applying a bundle again changed \(outcome.applied) records of \(outcome.name) "
                + "(\(outcome.newConflicts) new conflicts)")
    }
}

/// The entry point SwiftPM links: libFuzzer's driver over `fuzz` (see `FuzzDriver`).
@_cdecl("BundleApplyFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
