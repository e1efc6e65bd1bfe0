import NIOCore
import NIOSSL

/// Refuses a server certificate that names its host only in the subject's common name (CN). swift-nio-ssl, like
/// old browsers, falls back to the CN when a certificate has no subjectAltName; RFC 6125 §6.4.4 and the CA/Browser
/// Forum retired that fallback, and a Tally client accepts a host name only from a subjectAltName.
enum CertificateNameCheck {
    /// A client TLS handler for `context` that verifies the chain and the host name as usual and then, when it
    /// connects by name (`serverHostname`), also requires the leaf certificate to carry a subjectAltName. Connecting
    /// by IP address needs no extra check: NIOSSL never matches an address against a CN.
    static func clientHandler(context: NIOSSLContext, serverHostname: String?) throws -> NIOSSLClientHandler {
        guard let hostname = serverHostname else {
            return try NIOSSLClientHandler(context: context, serverHostname: nil)
        }
        return try NIOSSLClientHandler._makeSSLClientHandler(context: context, serverHostname: hostname) {
            leaf, channel in
            guard leaf._subjectAlternativeNames().isEmpty else { return channel.eventLoop.makeSucceededVoidFuture() }
            return channel.eventLoop.makeFailedFuture(refusal(hostname))
        }
    }

    /// The sentence for a certificate of `hostname` that has no subjectAltName.
    static func refusal(_ hostname: String) -> TransportError {
        TransportError(
            .tls,
            "the certificate of \(hostname) names it only in its common name (CN), not in a subjectAltName; the "
                + "server's operator must reissue it with subjectAltName DNS:\(hostname)")
    }
}
