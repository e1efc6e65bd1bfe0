import NIOCore
import NIOEmbedded
import Testing
@testable import Transport
@testable import Wire

/// The frame guard on an embedded channel, whose clock the test moves: the transfer rate counts only the time this
/// side was reading, and the budget comes back whatever happens to the frame.
@Suite struct InboundFrameGuardTests {
    /// A channel after WELCOME with the guard: 1,000 bytes a second over 1 s, a 1 MiB budget.
    static func guarded() throws -> (EmbeddedChannel, FrameMemoryBudget) {
        let agreement = ConnectionAgreement()
        agreement.agree(.defaults, version: ProtocolVersion.current)
        let budget = FrameMemoryBudget(limit: 1 << 20)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            InboundFrameGuard(
                limits: FrameLimits(), agreement: agreement, budget: budget,
                minimumRate: .init(bytesPerSecond: 1_000, window: .seconds(1))))
        try channel.writeInbound(ByteBuffer(bytes: Preamble.bytes()))
        return (channel, budget)
    }

    @Test func aFrameDribbledWhileThisSideReadsIsCutWithTimeout() throws {
        let (channel, budget) = try Self.guarded()
        try channel.writeInbound(ByteBuffer(bytes: PreAuthenticationLimitTests.header(.listDatasets, length: 50_000)))
        #expect(budget.bytesReserved == 50_004)
        var cut: ConnectionRefusal?
        for _ in 0..<20 where cut == nil {
            channel.read()
            do {
                try channel.writeInbound(ByteBuffer(bytes: [7]))
                channel.read()
                channel.embeddedEventLoop.advanceTime(by: .milliseconds(100))
                try channel.throwIfErrorCaught()
            } catch let refusal as ConnectionRefusal {
                cut = refusal
            }
        }
        #expect(cut?.answer.code == .timeout)
        #expect(budget.bytesReserved == 0)
        _ = try? channel.finish()
    }

    @Test func timeThisSideIsNotReadingIsNotCountedAgainstThePeer() throws {
        let (channel, budget) = try Self.guarded()
        try channel.writeInbound(ByteBuffer(bytes: PreAuthenticationLimitTests.header(.listDatasets, length: 50_000)))
        // The session is busy: no read is asked for during 5 windows.
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        try channel.throwIfErrorCaught()
        // Reading again, the peer's bytes come at once: the frame completes and its reservation comes back.
        channel.read()
        try channel.writeInbound(ByteBuffer(bytes: [UInt8](repeating: 7, count: 49_990)))
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        try channel.throwIfErrorCaught()
        #expect(budget.bytesReserved == 0)
        _ = try? channel.finish()
    }
}
