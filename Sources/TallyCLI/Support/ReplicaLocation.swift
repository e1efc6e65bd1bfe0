import Wire
import Foundation
import Replica
import Store

/// Opens the replica that `-C DIR` names, or the one that holds the current directory.
enum ReplicaLocation {
    /// The nearest directory at or above the current one that holds a replica (`.tally/`), as git finds its
    /// repository; `nil` when there is none.
    static func enclosingReplica() -> String? {
        var directory = FileManager.default.currentDirectoryPath
        while !directory.isEmpty {
            var isDirectory: ObjCBool = false
            let marker = (directory as NSString).appendingPathComponent(".tally")
            if FileManager.default.fileExists(atPath: marker, isDirectory: &isDirectory), isDirectory.boolValue {
                return directory
            }
            let parent = (directory as NSString).deletingLastPathComponent
            if parent == directory { return nil }
            directory = parent
        }
        return nil
    }

    /// Opens an existing replica, or fails with "not a tally replica".
    static func open(_ options: GlobalOptions) throws -> Replica {
        if options.explicitDirectory == nil, enclosingReplica() == nil {
            throw CLIError(
                "no tally replica here or in any folder above \(FileManager.default.currentDirectoryPath); run tally "
                    + "init, or name one with -C DIR")
        }
        return try Replica.open(at: options.directory, options: try ClockSkewSetting.replicaOptions())
    }

    /// Opens the replica, creating DIR and DIR/.tally first when missing (for `tally serve`, whose
    /// `--max-clock-skew` is `maxClockSkew`).
    static func openOrCreate(_ options: GlobalOptions, maxClockSkew: String? = nil) throws -> Replica {
        let url = URL(fileURLWithPath: options.directory)
        let replicaOptions = try ClockSkewSetting.replicaOptions(flag: maxClockSkew)
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(".tally").path) {
            return try Replica.open(at: url.path, options: replicaOptions)
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return try Replica.create(at: url.path, options: replicaOptions)
    }
}
