import Foundation
import Testing
import Transport
@testable import Wire

#if canImport(Glibc)
    import Glibc
#endif

/// A server that ends a connection lets the client read why (Protocol.md §8): it half-closes, discards what the
/// client still sends, and closes for good when the client goes or the linger has passed. Without it the kernel
/// answers the client's unread bytes with a reset, which throws away the ERROR the client had not read yet.
///
/// The client here is a blocking POSIX socket that writes everything before it reads anything, as a pusher in the
/// middle of a window does: nothing reads the server's answer into user space before the reset could arrive.
@Suite struct LingeringCloseTests {
    /// A blocking TCP socket from the loopback address `source` to 127.0.0.1:`port`.
    final class BlockingSocket {
        let descriptor: Int32

        init(port: Int, from source: String) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            try #require(descriptor >= 0)
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &local.sin_addr)
            var remote = sockaddr_in()
            remote.sin_family = sa_family_t(AF_INET)
            remote.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            try #require(bound == 0)
            let connected = withUnsafePointer(to: &remote) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            try #require(connected == 0)
        }

        deinit { close(descriptor) }

        /// Writes all of `bytes`; `false` if the connection failed first (a reset, a broken pipe).
        func send(_ bytes: [UInt8]) -> Bool {
            var sent = 0
            while sent < bytes.count {
                let written = bytes[sent...].withUnsafeBytes {
                    Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if written <= 0 { return false }
                sent += written
            }
            return true
        }

        /// Everything the server sends until it closes (end of stream or reset), and whether it ended cleanly.
        func receiveAll() -> (bytes: [UInt8], endedCleanly: Bool) {
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count == 0 { return (received, true) }
                if count < 0 { return (received, false) }
                received += chunk[0..<count]
            }
        }
    }

    /// The ERROR the server's first frame carries (after its preamble), or `nil` if the first frame is another
    /// message or there is none.
    static func firstError(in bytes: [UInt8]) throws -> ErrorMessage? {
        guard case .error(let error)? = try RawPeer.messages(in: bytes).first else { return nil }
        return error
    }

    @Test func aClientStillSendingWhenTheServerRefusesItReadsTheErrorAndAnOrderlyEnd() async throws {
        let server = try await ProtocolConformanceTests.server()
        // A HELLO frame declaring 16 MiB, over the 64 KiB allowed before WELCOME: refused from its header alone,
        // while the client goes on sending 8 MiB of it that the server never decodes.
        let client = try BlockingSocket(port: server.port, from: "127.0.0.4")
        let header = PreAuthenticationLimitTests.header(.hello, length: 16 << 20)
        let sentEverything = client.send(Preamble.bytes() + header + [UInt8](repeating: 0, count: 8 << 20))
        let (bytes, endedCleanly) = client.receiveAll()
        #expect(sentEverything, "the server reset the connection while the client was still sending")
        #expect(endedCleanly, "the connection ended with a reset, not end of stream")
        #expect(try Self.firstError(in: bytes)?.code == .limitExceeded)
        try await server.stop()
    }

    @Test func aClientThatNeverClosesIsClosedAfterTheLingerAndHoldsNoSlot() async throws {
        let server = try await ProtocolConformanceTests.server {
            $0.handshakeTimeout = 0.2
            $0.closeLinger = 0.3
        }
        // Says nothing: told `timeout` at the handshake deadline, then keeps its socket open and reads nothing.
        let silent = try BlockingSocket(port: server.port, from: "127.0.0.5")
        try await PreAuthenticationLimitTests.waitUntilServed(server, 1)
        try await PreAuthenticationLimitTests.waitUntilOpen(server, 0)
        let (bytes, _) = silent.receiveAll()
        #expect(try Self.firstError(in: bytes)?.code == .timeout)
        try await server.stop()
    }
}
