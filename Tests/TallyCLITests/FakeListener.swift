import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP listener on 127.0.0.1 that is not a Tally server: it accepts connections and then either says nothing
/// (a silent server) or answers fixed bytes (an HTTP server) and closes. It stops by itself after `lifetime`
/// seconds, or when released.
final class FakeListener: @unchecked Sendable {
    /// What the listener does with each connection.
    enum Behaviour {
        /// Accept, read, never answer.
        case silent
        /// Read what the client sends, then answer these bytes and close.
        case answer([UInt8])
    }

    /// The port it listens on.
    let port: Int
    private let socketDescriptor: Int32
    private let stopped = NSLock()
    private var isStopped = false

    init(_ behaviour: Behaviour, lifetime: Double = 30) throws {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw CocoaError(.fileWriteUnknown)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        socketDescriptor = descriptor
        let thread = Thread { [self] in serve(behaviour) }
        thread.start()
        DispatchQueue.global().asyncAfter(deadline: .now() + lifetime) { [weak self] in self?.stop() }
    }

    deinit {
        stop()
    }

    /// Stops accepting (connections already accepted are closed by their own threads).
    func stop() {
        stopped.lock()
        defer { stopped.unlock() }
        guard !isStopped else { return }
        isStopped = true
        shutdown(socketDescriptor, Int32(SHUT_RDWR))
        close(socketDescriptor)
    }

    private func serve(_ behaviour: Behaviour) {
        while true {
            let client = accept(socketDescriptor, nil, nil)
            guard client >= 0 else { return }
            Thread {
                var buffer = [UInt8](repeating: 0, count: 4096)
                switch behaviour {
                case .silent:
                    // Read until the client gives up; never write.
                    while buffer.withUnsafeMutableBytes({ read(client, $0.baseAddress, $0.count) }) > 0 {}
                case .answer(let bytes):
                    _ = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
                    _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                    Thread.sleep(forTimeInterval: 0.2)
                }
                close(client)
            }.start()
        }
    }
}
