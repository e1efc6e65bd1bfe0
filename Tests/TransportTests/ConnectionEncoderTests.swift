import NIOCore
import NIOEmbedded
import Testing
@testable import Transport
@testable import Wire

/// `FramedChannel` encodes record batches into frames itself (so a batch waiting for a full socket waits as
/// compressed bytes) and `ConnectionEncoder` passes them through: the bytes on the wire must be those the pipeline
/// would have made from the message, compressed or not.
@Suite struct ConnectionEncoderTests {
    /// A batch of `count` records of the bundle fixture's shape: large enough to be compressed from a few dozen.
    static func batch(_ count: Int) -> WireMessage {
        let template = BundleFixtureTests.batch
        let records = (0..<count).map { index in
            var record = template.records[0]
            record.id = "unit-\(index)"
            return record
        }
        return .recordBatch(
            RecordBatch(
                dataset: template.dataset, batchNumber: 1, records: records, cursor: template.cursor, isLast: true))
    }

    /// The bytes the channel's pipeline writes for `frame`.
    static func written(_ frame: OutboundFrame, through channel: EmbeddedChannel) throws -> [UInt8] {
        try channel.writeOutbound(frame)
        var bytes: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { bytes += buffer.readableBytesView }
        return bytes
    }

    @Test(arguments: [1, 400])
    func aBatchEncodedBeforeThePipelineIsTheFrameThePipelineWouldWrite(records: Int) throws {
        let agreement = ConnectionAgreement()
        agreement.agree(.defaults, version: ProtocolVersion.current)
        let channel = EmbeddedChannel(handler: MessageToByteHandler(ConnectionEncoder(agreement: agreement)))
        let message = Self.batch(records)
        let early = try FrameEncoder(agreed: .defaults, version: ProtocolVersion.current).encode(message)

        let passed = try Self.written(.encoded(early), through: channel)
        let framed = try Self.written(.message(message), through: channel)
        #expect(passed == Array(early.readableBytesView))
        #expect(passed == framed)
        // The large batch really is compressed, so both paths of the frame layer are compared.
        let flags = FrameFlags(rawValue: passed[5])
        #expect(flags.contains(.compressed) == (records > 1))
        #expect(try channel.finish().isClean)
    }
}
