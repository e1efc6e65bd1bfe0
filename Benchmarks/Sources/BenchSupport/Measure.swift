import Foundation

/// Timing, memory and size measurements of the current process and of files.
public enum Measure {
    /// Seconds `body` takes on the monotonic clock, with its result.
    public static func seconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let result = try body()
        return (result, (ContinuousClock.now - start).inSeconds)
    }

    /// The peak resident set size of this process, or of the running process `pid`, in bytes (Linux `VmHWM`), or 0
    /// where unknown.
    public static func peakResidentBytes(pid: Int32? = nil) -> Int {
        let path = "/proc/" + (pid.map { String($0) } ?? "self") + "/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }

    /// The size of `path` compressed by `gzip -6` (the command, so the figure is exactly gzip's).
    public static func gzipSize(of path: String) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -6 -c \"$0\" | wc -c", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int(text) ?? 0
    }

    /// The size of the file at `path` in bytes.
    public static func fileSize(_ path: String) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }
}

extension Duration {
    /// The duration in seconds.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
