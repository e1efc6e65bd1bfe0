import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A baseline's server (`rsync --daemon`, `git daemon`) listening on 127.0.0.1, running until `stop`.
final class Daemon {
    let port: Int
    private let process = Process()

    /// Starts `command(port)` (its first element looked up on `PATH`) for a free port on 127.0.0.1, and returns
    /// once that port accepts connections. Throws if the daemon ends first or is not listening within 10 s.
    init(_ command: (Int) -> [String]) throws {
        port = try Self.freePort()
        let argv = command(port)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        // Quiet: git daemon reports every probe below (a connection closed unread) as `the remote end hung up`.
        // What goes wrong shows on the client's side, whose standard error the steps pass on.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(10)
        while !Self.accepts(port) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                stop()
                throw BenchFailure("\(argv.joined(separator: " ")) is not listening on 127.0.0.1:\(port)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Ends the daemon (SIGTERM) and waits for it. Safe to call twice.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// A port on 127.0.0.1 nothing listens on now (bound to port 0, read back, released).
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchFailure("socket: errno \(errno)") }
        defer { close(socket) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw BenchFailure("cannot bind a port on 127.0.0.1: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether a TCP connection to 127.0.0.1:`port` succeeds (it is closed at once).
    static func accepts(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }
}
