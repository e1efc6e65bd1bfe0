import NIOCore
import Wire

/// Follows the frames a peer sends as their bytes arrive, ahead of the decoder, and cuts the connection off when
/// one of this side's limits is broken (Protocol.md §8):
/// - memory: a frame's whole length is reserved from the server's `FrameMemoryBudget` as soon as its length prefix
///   arrives, before its payload is buffered, and given back once its last byte has passed to the decoder; a frame
///   that does not fit is answered `busy` (retryable);
/// - rate: while a frame is in flight across reads, the peer must send at least `MinimumRate.bytesPerSecond`,
///   measured over each `window`; a peer dribbling into a frame is answered `timeout`. Time during which this side
///   is not reading (its session is busy and the channel holds reads back) does not count against the peer.
///
/// A length the connection's frame limit refuses is left to the decoder (`limitExceeded`), and nothing is reserved.
/// After a cut-off the bytes that still arrive are dropped. Time is the event loop's clock. Used on the connection's
/// event loop only.
final class InboundFrameGuard: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The least a peer must send per second into a frame in flight, measured over each `window`.
    struct MinimumRate {
        /// Bytes per second.
        var bytesPerSecond: Int
        /// How long each measurement lasts.
        var window: TimeAmount
    }

    private let budget: FrameMemoryBudget?
    private let minimumRate: MinimumRate?
    private let limits: FrameLimits
    private let agreement: ConnectionAgreement

    /// Preamble bytes still to come.
    private var preambleLeft = Preamble.size
    /// The length-prefix bytes of the next frame received so far.
    private var prefix: [UInt8] = []
    /// Bytes of the frame in flight still to come (0 between frames).
    private var frameLeft = 0
    /// Bytes reserved from the budget for the frame in flight.
    private var reserved = 0
    /// Whether the stream is still followed.
    private var mode = Mode.following

    private enum Mode {
        /// Frames are followed as they arrive.
        case following
        /// A length the decoder refuses came: bytes pass to it unfollowed (it answers and closes).
        case passing
        /// A limit cut the connection off: bytes still arriving are dropped.
        case cutOff
    }

    /// What the current rate measurement has seen: its start, the frame bytes since, and the time not reading.
    private var windowStart = NIODeadline.uptimeNanoseconds(0)
    private var windowBytes = 0
    private var pausedTime = TimeAmount.zero
    private var pausedSince: NIODeadline?
    private var rateCheck: Scheduled<Void>?

    init(limits: FrameLimits, agreement: ConnectionAgreement, budget: FrameMemoryBudget?, minimumRate: MinimumRate?) {
        self.limits = limits
        self.agreement = agreement
        self.budget = budget
        self.minimumRate = minimumRate
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch mode {
        case .cutOff: return
        case .passing: return context.fireChannelRead(data)
        case .following: break
        }
        let buffer = unwrapInboundIn(data)
        var finished = 0
        var index = buffer.readerIndex
        var left = buffer.readableBytes
        while left > 0, mode == .following {
            if preambleLeft > 0 {
                let count = min(preambleLeft, left)
                preambleLeft -= count
                index += count
                left -= count
            } else if frameLeft == 0 {
                let count = min(4 - prefix.count, left)
                prefix += buffer.getBytes(at: index, length: count) ?? []
                index += count
                left -= count
                if prefix.count == 4 { begin(length: prefix.reduce(0) { $0 << 8 | Int($1) }, context: context) }
            } else {
                let count = min(frameLeft, left)
                frameLeft -= count
                windowBytes += count
                index += count
                left -= count
                if frameLeft == 0 {
                    finished += reserved
                    reserved = 0
                    rateCheck?.cancel()
                    rateCheck = nil
                }
            }
        }
        guard mode != .cutOff else {
            // The frames this read finished are dropped with the rest: the connection is closing.
            budget?.release(finished)
            return
        }
        context.fireChannelRead(data)
        budget?.release(finished)
        if mode == .following, frameLeft > 0, rateCheck == nil { scheduleRateCheck(context: context) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        pausedSince = context.eventLoop.now
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if let pausedSince {
            pausedTime = pausedTime + (context.eventLoop.now - pausedSince)
            self.pausedSince = nil
        }
        context.read()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopFollowing()
    }

    /// A frame of `length` bytes after its prefix begins: reserve it, or leave a refused length to the decoder.
    private func begin(length: Int, context: ChannelHandlerContext) {
        prefix = []
        let maxFrameSize = Int(agreement.frameDecoder(limits: limits).maxFrameSize)
        guard length >= Frame.headerSize, length <= maxFrameSize else {
            mode = .passing
            return
        }
        frameLeft = length
        if let budget {
            guard budget.reserve(4 + length) else {
                cutOff(
                    ConnectionRefusal(
                        .busy,
                        "the server holds as many incoming frame bytes as it allows (\(budget.limit)); retry later"),
                    context: context)
                return
            }
            reserved = 4 + length
        }
        windowStart = context.eventLoop.now
        windowBytes = 0
        pausedTime = .zero
        if pausedSince != nil { pausedSince = windowStart }
    }

    private func scheduleRateCheck(context: ChannelHandlerContext) {
        guard let minimumRate else { return }
        let context = NIOLoopBound(context, eventLoop: context.eventLoop)
        rateCheck = context.value.eventLoop.assumeIsolated().scheduleTask(in: minimumRate.window) {
            self.checkRate(minimumRate, context: context.value)
        }
    }

    /// Cuts the connection off if the frame in flight came slower than `minimumRate` while this side was reading;
    /// otherwise starts the next measurement.
    private func checkRate(_ minimumRate: MinimumRate, context: ChannelHandlerContext) {
        rateCheck = nil
        guard mode == .following, frameLeft > 0 else { return }
        let now = context.eventLoop.now
        let paused = pausedTime + (pausedSince.map { now - $0 } ?? .zero)
        let reading = (now - windowStart) - paused
        let required = Int64(minimumRate.bytesPerSecond) * reading.nanoseconds / 1_000_000_000
        if reading.nanoseconds * 2 >= minimumRate.window.nanoseconds, Int64(windowBytes) < required {
            cutOff(
                ConnectionRefusal(
                    .timeout,
                    "the peer sent a frame slower than \(minimumRate.bytesPerSecond) bytes per second; "
                        + "check the network and retry"),
                context: context)
            return
        }
        windowStart = now
        windowBytes = 0
        pausedTime = .zero
        if pausedSince != nil { pausedSince = now }
        scheduleRateCheck(context: context)
    }

    /// Stops following and tells the pipeline: the `ProtocolErrorResponder` answers and closes.
    private func cutOff(_ refusal: ConnectionRefusal, context: ChannelHandlerContext) {
        mode = .cutOff
        stopFollowing()
        context.fireErrorCaught(refusal)
    }

    /// Gives back what is reserved and cancels the rate check.
    private func stopFollowing() {
        budget?.release(reserved)
        reserved = 0
        frameLeft = 0
        prefix = []
        rateCheck?.cancel()
        rateCheck = nil
    }
}
