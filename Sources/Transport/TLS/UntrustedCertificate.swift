import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Says why a server certificate failed chain verification, which BoringSSL reports only as
/// "CERTIFICATE_VERIFY_FAILED": it has expired, it is not valid yet (a clock is wrong), or it is not signed by the
/// CA(s) the client trusts. The dates need the certificate itself, so the client connects once more without
/// verifying anything and without sending a byte of Tally (no token), reads the leaf certificate, and hangs up.
enum UntrustedCertificate {
    /// The sentence for a certificate of `url` that `trust` did not accept; `now` is this machine's clock.
    static func explain(url: RemoteURL, trust: ClientTrust, timeout: Duration, now: Date = Date()) async
        -> TransportError
    {
        let address = ClientFailure.hostPort(url)
        if let leaf = await leafCertificate(of: url, timeout: timeout) {
            let notAfter = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
            let notBefore = Date(timeIntervalSince1970: TimeInterval(leaf.notValidBefore))
            if notAfter < now {
                return TransportError(
                    .tls,
                    "the certificate of \(address) expired on \(text(notAfter)); the server's operator must renew it")
            }
            if notBefore > now {
                return TransportError(
                    .tls,
                    "the certificate of \(address) is not valid before \(text(notBefore)); check this machine's "
                        + "clock (and the server's)")
            }
        }
        if case .certificateAuthority(let path) = trust {
            return TransportError(
                .tls,
                "the certificate of \(address) is not signed by the CA in \(path); pass --ca FILE with the CA that "
                    + "signed it, or --pin sha256:HEX")
        }
        return TransportError(
            .tls,
            "the certificate of \(address) is not trusted; pass --ca FILE with the CA that signed it, or --pin "
                + "sha256:HEX")
    }

    /// The leaf certificate `url` presents, or `nil` when it cannot be read within `timeout`.
    static func leafCertificate(of url: RemoteURL, timeout: Duration) async -> NIOSSLCertificate? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        // The callback below replaces chain verification, and refuses every chain once it has seen it.
        configuration.certificateVerification = .noHostnameVerification
        guard let context = try? NIOSSLContext(configuration: configuration) else { return nil }
        let seen = Mutex<NIOSSLCertificate?>(nil)
        let hostname: String? = url.hostIsIPAddress ? nil : url.host
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(timeout.nanosecondsValue))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = try NIOSSLClientHandler(context: context, serverHostname: hostname) {
                            chain, promise in
                            seen.withLock { $0 = chain.first }
                            promise.succeed(NIOSSLVerificationResult.failed)
                        }
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: url.host, port: url.port).get()
            let deadline = channel.eventLoop.scheduleTask(in: TimeAmount.nanoseconds(timeout.nanosecondsValue)) {
                channel.close(promise: nil)
            }
            try? await channel.closeFuture.get()
            deadline.cancel()
        } catch {
            return nil
        }
        return seen.withLock { $0 }
    }

    /// A date as `2026-12-01 00:58 UTC`.
    private static func text(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
