import Crypto
import NIOCore
import NIOSSL
import Wire

/// Builds the pipeline every Tally connection uses: [TLS] → [lingering close, on a server] → byte counter → preamble → idle timer → [frame guard:
/// memory budget, transfer rate] → frame codec (sharing the connection's agreement) → protocol-error answers.
enum ChannelPipelines {
    /// Which end of a TLS connection this is.
    enum TLSRole {
        case server(NIOSSLContext)
        case client(NIOSSLContext, serverHostname: String?, pin: [UInt8]?)
    }

    static func configure(
        _ channel: any Channel,
        tls: TLSRole?,
        limits: FrameLimits,
        idleTimeout: Double,
        counter: ByteCounter? = nil,
        budget: FrameMemoryBudget? = nil,
        minimumRate: InboundFrameGuard.MinimumRate? = nil,
        linger: TimeAmount? = nil
    ) throws {
        let operations = channel.pipeline.syncOperations
        switch tls {
        case .server(let context):
            try operations.addHandler(NIOSSLServerHandler(context: context))
        case .client(let context, let hostname, let pin?):
            // A pinned server: trust exactly the leaf certificate with this SHA-256, whoever signed it.
            let handler = try NIOSSLClientHandler(context: context, serverHostname: hostname) { chain, promise in
                guard let leaf = chain.first, let der = try? leaf.toDERBytes(),
                    Array(SHA256.hash(data: der)) == pin
                else {
                    promise.succeed(.failed)
                    return
                }
                promise.succeed(.certificateVerified)
            }
            try operations.addHandler(handler)
        case .client(let context, let hostname, nil):
            // Chain and host name as NIOSSL checks them, and no host name from a CN (CertificateNameCheck).
            try operations.addHandler(
                try CertificateNameCheck.clientHandler(context: context, serverHostname: hostname))
        case nil:
            break
        }
        if let linger { try operations.addHandler(LingeringClose(linger: linger)) }
        if let counter { try operations.addHandler(counter) }
        try operations.addHandler(PreambleSender())
        try operations.addHandler(IdleStateHandler(readTimeout: .milliseconds(Int64(idleTimeout * 1000))))
        try operations.addHandler(IdleConnectionCloser())
        let agreement = ConnectionAgreement()
        if budget != nil || minimumRate != nil {
            try operations.addHandler(
                InboundFrameGuard(limits: limits, agreement: agreement, budget: budget, minimumRate: minimumRate))
        }
        try operations.addHandler(ByteToMessageHandler(ConnectionDecoder(limits: limits, agreement: agreement)))
        try operations.addHandler(MessageToByteHandler(ConnectionEncoder(agreement: agreement)))
        try operations.addHandler(ProtocolErrorResponder())
    }
}

/// Closes a connection whose peer has sent nothing for the idle timeout (a stalled peer, mid-frame or not).
final class IdleConnectionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            // The ProtocolErrorResponder further down tells the peer, then closes.
            context.fireErrorCaught(TransportError(.timedOut, "the peer sent nothing for too long"))
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
