#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import NIOCore
import NIOPosix
import NIOSSL
import Replica
import Store
import Sync
import Wire

/// Turns what went wrong on a client connection (socket, TLS and framing errors, deadlines, a peer that is not a
/// Tally server) into one plain sentence that says what happened and what to do: a `TransportError`, or the
/// `SyncError` a Tally server sent, which is already plain.
enum ClientFailure {
    /// Where the client was when it failed.
    enum Step {
        case connect
        case handshake
        case transfer
    }

    /// The error to show for `error`, thrown at `step` of a connection to `url`.
    static func explain(
        _ thrown: any Error, url: RemoteURL, step: Step, watch: ConnectionWatch?, timeouts: ClientTimeouts,
        pinned: Bool = false
    ) -> any Error {
        let address = hostPort(url)
        // A connection that "closed" because TLS or the socket failed: the failure says more.
        var error = thrown
        if let sync = thrown as? SyncError, sync.code == .protocolViolation, sync.retryable,
            let recorded = watch?.recordedError
        {
            error = recorded
        }
        // The idle timer closed it: the truncated frame or closed stream that followed is not the cause.
        if let recorded = watch?.recordedError as? TransportError, recorded.code == .timedOut { error = recorded }
        if let transport = error as? TransportError, transport.code != .timedOut { return transport }
        if let sync = error as? SyncError, !sync.retryable || sync.code != .protocolViolation { return sync }
        switch step {
        case .connect:
            return TransportError(
                .connectionFailed, "cannot connect to \(address): " + connectReason(error, url, timeouts))
        case .handshake:
            return handshakeFailure(error, url: url, watch: watch, timeouts: timeouts, pinned: pinned)
        case .transfer:
            if isTimeout(error) {
                return TransportError(
                    .timedOut,
                    "\(address) sent nothing for \(timeouts.idle.shortText); run the same command again to resume "
                        + "(or raise --timeout)")
            }
            if let wire = error as? WireError {
                return TransportError(
                    .protocolFailure,
                    "\(address) sent bytes that are not valid Tally protocol "
                        + "(\(wire.code)); run the same command again, and report it if it persists")
            }
            if error is SyncError || error is IOError || error is ChannelError || error is NIOSSLError
                || error is NIOSSLExtraError
            {
                return TransportError(
                    .connectionLost, "the connection to \(address) was lost; run the same command again to resume")
            }
            return error
        }
    }

    /// The sentence of an error as the user reads it (the CLI's line, a mirror's recorded last error): the
    /// message of Tally's own errors, without codes or decorations.
    static func plainText(_ error: any Error) -> String {
        switch error {
        case let error as TransportError: error.message
        case let error as SyncError: error.message
        case let error as ReplicaError: error.message
        default: "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }

    /// `HOST:PORT`, with brackets around an IPv6 address.
    static func hostPort(_ url: RemoteURL) -> String {
        (url.host.contains(":") ? "[\(url.host)]" : url.host) + ":\(url.port)"
    }

    private static func connectReason(_ error: any Error, _ url: RemoteURL, _ timeouts: ClientTimeouts) -> String {
        if let connection = error as? NIOConnectionError {
            if connection.dnsAError != nil || connection.dnsAAAAError != nil
                || connection.connectionErrors.isEmpty
            {
                return "unknown host \(url.host); check the name"
            }
            if let first = connection.connectionErrors.first { return connectReason(first.error, url, timeouts) }
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            return "no answer within \(timeouts.connect.shortText); check the address and the network "
                + "(or raise --timeout)"
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused; is tally serve running?"
            case ETIMEDOUT: return "no answer; check the address and the network"
            case EHOSTUNREACH, ENETUNREACH: return "the network cannot reach it; check the address and the network"
            default: return String(cString: strerror(io.errnoCode)).lowercased()
            }
        }
        if error is SocketAddressError { return "unknown host \(url.host); check the name" }
        return "the connection failed; check the address and the network"
    }

    private static func handshakeFailure(
        _ error: any Error, url: RemoteURL, watch: ConnectionWatch?, timeouts: ClientTimeouts, pinned: Bool
    ) -> any Error {
        let address = hostPort(url)
        let first = watch?.firstBytes ?? []
        // The handshake deadline, or the idle timer when it is the shorter.
        let expired = watch?.handshakeExpired == true || isTimeout(error)
        if expired && first.isEmpty {
            return TransportError(
                .timedOut,
                "\(address) accepted the connection but said nothing within \(timeouts.handshake.shortText); "
                    + "is it a Tally server? (raise --timeout if it is slow)")
        }
        let startsLikeTLS = first.first.map { $0 == 0x15 || $0 == 0x16 } ?? false
        let startsLikeTally =
            !first.isEmpty && first.prefix(Preamble.magic.count).elementsEqual(Preamble.magic.prefix(first.count))
        if url.usesTLS {
            if startsLikeTally {
                return TransportError(
                    .tls, "\(address) does not use TLS; use tally://\(address) (or serve it with --tls-cert)")
            }
            if pinned, startsLikeTLS, error is NIOSSLError {
                return TransportError(
                    .tls,
                    "the certificate of \(address) does not match --pin; check the SHA-256 digest of its DER "
                        + "form")
            }
            if let reason = untrusted(error, url: url) { return TransportError(.tls, reason) }
            if !first.isEmpty && !startsLikeTLS { return notTally(address, first) }
            return TransportError(
                .tls,
                "the TLS handshake with \(address) failed; if the server does not use TLS, use tally://\(address)")
        }
        if startsLikeTLS {
            return TransportError(.tls, "\(address) expects TLS; use tallys://\(address)")
        }
        if !first.isEmpty && !startsLikeTally { return notTally(address, first) }
        if let sync = error as? SyncError { return sync }
        if expired {
            return TransportError(
                .timedOut,
                "\(address) did not finish the Tally handshake within \(timeouts.handshake.shortText); "
                    + "is it a Tally server?")
        }
        if first.isEmpty {
            return TransportError(
                .connectionLost,
                "\(address) closed the connection without answering; is it a Tally server? (if it uses TLS, use "
                    + "tallys://\(address))")
        }
        return TransportError(
            .connectionLost, "the connection to \(address) was lost during the handshake; run the same command again")
    }

    private static func notTally(_ address: String, _ first: [UInt8]) -> TransportError {
        let speaks = first.starts(with: Array("HTTP/".utf8)) ? " (it answers HTTP)" : ""
        return TransportError(.notTally, "\(address) is not a Tally server\(speaks); check the address and port")
    }

    /// The sentence for a certificate the client does not trust, or `nil` for another TLS failure.
    private static func untrusted(_ error: any Error, url: RemoteURL) -> String? {
        let address = hostPort(url)
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the certificate of \(address) is not for \(url.host); connect by a name or address the "
                + "certificate lists"
        }
        if chainVerificationFailed(error) {
            return "the certificate of \(address) is not trusted; pass --ca FILE with the CA that signed it, or "
                + "--pin sha256:HEX"
        }
        return nil
    }

    /// `true` when `error` is TLS saying the server's certificate chain did not verify (untrusted, expired, not
    /// yet valid: BoringSSL does not say which; `UntrustedCertificate` finds out).
    static func chainVerificationFailed(_ error: any Error) -> Bool {
        let text = String(describing: error)
        return text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed")
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        if let transport = error as? TransportError { return transport.code == .timedOut }
        if let sync = error as? SyncError { return sync.code == .timeout }
        return false
    }
}
