import Wire
import Foundation
import Replica

/// Opens the replica that `-C DIR` names.
enum ReplicaLocation {
    /// Opens an existing replica, or fails with "not a tally replica".
    static func open(_ options: GlobalOptions) throws -> Replica {
        try Replica.open(at: options.directory)
    }

    /// Opens the replica, creating DIR and DIR/.tally first when missing (for `tally serve`).
    static func openOrCreate(_ options: GlobalOptions) throws -> Replica {
        let url = URL(fileURLWithPath: options.directory)
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(".tally").path) {
            return try Replica.open(at: url.path)
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return try Replica.create(at: url.path)
    }
}
