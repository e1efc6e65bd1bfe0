import NIOCore
import Testing
import Wire

/// The message catalogue's payload codec: round trips, strictness, negotiation.
@Suite struct MessageCodingTests {
    static func decode(_ type: MessageType, _ bytes: [UInt8]) -> Result<WireMessage, WireError> {
        do throws(WireError) {
            return .success(try WireMessage.decode(type: type.rawValue, payload: ByteBuffer(bytes: bytes)))
        } catch {
            return .failure(error)
        }
    }

    static func code(_ type: MessageType, _ bytes: [UInt8]) -> WireError.Code? {
        guard case .failure(let error) = decode(type, bytes) else { return nil }
        return error.code
    }

    @Test(arguments: Samples.fixtures.map(\.name))
    func everySampleRoundTripsThroughItsPayload(name: String) throws {
        let message = try #require(Samples.fixtures.first { $0.name == name }?.message)
        #expect(try WireMessage.decode(type: message.type, payload: message.payload) == message)
    }

    @Test func messageTypeCodesAreThoseOfTheProtocol() {
        let codes = MessageType.allCases.map(\.rawValue)
        #expect(
            codes == [
                0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x10, 0x11, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
                0x26, 0x27, 0x30, 0x31, 0x32,
            ])
    }

    @Test(arguments: Samples.fixtures.map(\.name))
    func everyPayloadWithABytePastItsEndOrCutShortIsRefused(name: String) throws {
        let message = try #require(Samples.fixtures.first { $0.name == name }?.message)
        let bytes = Array(message.payload.readableBytesView)
        #expect(MessageCodingTests.code(message.type, bytes + [0]) == .malformedPayload)
        for cut in 0..<bytes.count {
            let result = MessageCodingTests.decode(message.type, Array(bytes.prefix(cut)))
            guard case .failure(let error) = result else {
                Issue.record("\(name) cut to \(cut) bytes decoded")
                continue
            }
            #expect(error.code == .malformedPayload || error.code == .invalidValue, "\(name) cut to \(cut)")
        }
    }

    @Test func badBooleanAndPresenceBytesAreMalformed() {
        // PUSH_ACCEPTED: dataset "d", created = 2.
        #expect(MessageCodingTests.code(.pushAccepted, [1, 0x64, 2, 0]) == .malformedPayload)
        // PUSH_ACCEPTED: dataset "d", created = 0, presence = 7.
        #expect(MessageCodingTests.code(.pushAccepted, [1, 0x64, 0, 7]) == .malformedPayload)
        #expect(MessageCodingTests.code(.pushAccepted, [1, 0x64, 0, 0]) == nil)
    }

    @Test func unknownDatasetKindIsInvalidValue() {
        // PUSH: dataset "d", kind 9.
        #expect(
            MessageCodingTests.code(.pushRequest, [1, 0x64, 9] + [UInt8](repeating: 0, count: 9))
                == .invalidValue)
    }

    @Test func invalidUTF8IsMalformed() {
        #expect(MessageCodingTests.code(.goodbye, [2, 0xC3, 0x28]) == .malformedPayload)
    }

    @Test func countsOverTheirLimitOrOverTheBytesLeftAreRefusedWithoutAllocating() {
        // RECONCILE_NEED: dataset "d", then a count of 2^62 ids.
        var huge = ByteBuffer(bytes: [1, 0x64])
        huge.writeVarint(1 << 62)
        #expect(MessageCodingTests.code(.reconcileNeed, Array(huge.readableBytesView)) == .malformedPayload)
        // A count within the limit but past the end of the payload.
        #expect(MessageCodingTests.code(.reconcileNeed, [1, 0x64, 100, 1, 0x61]) == .malformedPayload)
        // An overlong varint, one past 64 bits, a non-minimal one (0 written as 80 00).
        #expect(MessageCodingTests.code(.goodbye, [UInt8](repeating: 0xFF, count: 11) + [0]) == .malformedPayload)
        #expect(MessageCodingTests.code(.goodbye, [UInt8](repeating: 0xFF, count: 9) + [0x02]) == .malformedPayload)
        #expect(MessageCodingTests.code(.goodbye, [0x80, 0x00]) == .malformedPayload)
        #expect(MessageCodingTests.code(.goodbye, [0x00]) == nil)
    }

    @Test func invalidRecordIDsAreInvalidValues() {
        #expect(MessageCodingTests.code(.reconcileNeed, [1, 0x64, 1, 0]) == .invalidValue)
        #expect(MessageCodingTests.code(.reconcileNeed, [1, 0x64, 1, 3, 0x61, 0x20, 0x62]) == .invalidValue)
    }

    @Test func reconcileRangesMustAscendAndEndOnlyLast() {
        let digest = Samples.digest(1)
        func ranges(_ bounds: [String]) -> [UInt8] {
            let message = WireMessage.reconcileRequest(
                ReconcileRequest(
                    dataset: "d", ranges: bounds.map { ReconcileRange(upperBound: $0, mode: .fingerprint(digest)) }
                ))
            return Array(message.payload.readableBytesView)
        }
        #expect(MessageCodingTests.code(.reconcileRequest, ranges(["a", "b", ""])) == nil)
        #expect(MessageCodingTests.code(.reconcileRequest, ranges(["b", "a", ""])) == .malformedPayload)
        #expect(MessageCodingTests.code(.reconcileRequest, ranges(["a", "a"])) == .malformedPayload)
        #expect(MessageCodingTests.code(.reconcileRequest, ranges(["", "a"])) == .malformedPayload)
        #expect(MessageCodingTests.code(.reconcileReply, ranges(["a", "", ""])) == .malformedPayload)
    }

    @Test func reconcileIDListsMustAscendAndStayBelowTheirBound() {
        func list(_ ids: [String], bound: String) -> [UInt8] {
            let items = ids.map { ReconcileItem(id: $0, digest: .zero) }
            let message = WireMessage.reconcileReply(
                ReconcileReply(
                    dataset: "d", ranges: [ReconcileRange(upperBound: bound, mode: .idList(items))]
                ))
            return Array(message.payload.readableBytesView)
        }
        #expect(MessageCodingTests.code(.reconcileReply, list(["a", "b"], bound: "c")) == nil)
        #expect(MessageCodingTests.code(.reconcileReply, list(["a", "b"], bound: "")) == nil)
        #expect(MessageCodingTests.code(.reconcileReply, list(["b", "a"], bound: "")) == .malformedPayload)
        #expect(MessageCodingTests.code(.reconcileReply, list(["a", "a"], bound: "")) == .malformedPayload)
        #expect(MessageCodingTests.code(.reconcileReply, list(["a", "c"], bound: "c")) == .malformedPayload)
        // An id below the start of its range (the previous range's bound).
        let below = WireMessage.reconcileReply(
            ReconcileReply(
                dataset: "d",
                ranges: [
                    ReconcileRange(upperBound: "m", mode: .skip),
                    ReconcileRange(upperBound: "", mode: .idList([ReconcileItem(id: "a", digest: .zero)])),
                ]))
        #expect(MessageCodingTests.code(.reconcileReply, Array(below.payload.readableBytesView)) == .malformedPayload)
        // Mode 3 does not exist.
        #expect(MessageCodingTests.code(.reconcileReply, [1, 0x64, 1, 0, 3]) == .malformedPayload)
    }

    @Test func unknownErrorCodesAndCompressionBitsSurviveARoundTrip() throws {
        let error = WireMessage.error(ErrorMessage(code: ErrorCode(rawValue: 999), retryable: true, message: "x"))
        #expect(try WireMessage.decode(type: .error, payload: error.payload) == error)
        #expect(ErrorCode(rawValue: 999).name == "code-999")
        #expect(ErrorCode.known.map(\.rawValue) == Array(1...15))
        var capabilities = Samples.capabilities
        capabilities.compression = CompressionSet(rawValue: 0x81)
        let hello = WireMessage.welcome(
            Welcome(version: 1, siteID: Samples.server, nodeName: "", capabilities: capabilities)
        )
        #expect(try WireMessage.decode(type: .welcome, payload: hello.payload) == hello)
    }

    @Test func helloAndWelcomeEndWithTheWallClockFromVersionTwoOn() throws {
        let named = { (name: String) in Samples.fixtures.first { $0.name == name }?.message }
        guard case .hello(let v1)? = named("01-hello"), case .hello(let v2)? = named("20-hello-v2"),
            case .welcome(let welcomeV1)? = named("02-welcome"), case .welcome(let welcomeV2)? = named("21-welcome-v2")
        else { throw WireError(.invalidValue, "no samples") }
        #expect(v1.wallClock == nil && welcomeV1.wallClock == nil)
        #expect(v2.wallClock == Samples.laptopClock && welcomeV2.wallClock == Samples.serverClock)
        let helloV1 = Array(WireMessage.hello(v1).payload.readableBytesView)
        let helloV2 = Array(WireMessage.hello(v2).payload.readableBytesView)
        // The same HELLO but for maxVersion and the 8 clock bytes at the end.
        #expect(helloV2.count == helloV1.count + 8)
        #expect(Array(helloV2.suffix(8)) == withUnsafeBytes(of: Samples.laptopClock.bigEndian, Array.init))
        // Cut before its clock, a version-2 HELLO is malformed; a version-1 HELLO followed by a clock has bytes left.
        #expect(MessageCodingTests.code(.hello, Array(helloV2.dropLast(8))) == .malformedPayload)
        #expect(MessageCodingTests.code(.hello, helloV1 + helloV2.suffix(8)) == .malformedPayload)
        let welcomeBytes = Array(WireMessage.welcome(welcomeV2).payload.readableBytesView)
        #expect(MessageCodingTests.code(.welcome, Array(welcomeBytes.dropLast(1))) == .malformedPayload)
    }

    @Test func helloWithAnEmptyVersionRangeIsMalformed() throws {
        guard case .hello(var hello) = Samples.fixtures[0].message else { throw WireError(.invalidValue, "no hello") }
        hello.minVersion = 3
        hello.maxVersion = 2
        #expect(
            MessageCodingTests.code(.hello, Array(WireMessage.hello(hello).payload.readableBytesView))
                == .malformedPayload)
    }

    @Test func versionNegotiationPicksTheHighestCommonVersion() {
        var hello = Hello(
            minVersion: 1, maxVersion: 3, siteID: Samples.client, nodeName: "", capabilities: .defaults,
            token: nil)
        #expect(hello.negotiatedVersion(supported: 1...1) == 1)
        #expect(hello.negotiatedVersion(supported: 2...5) == 3)
        #expect(hello.negotiatedVersion(supported: 4...5) == nil)
        hello.minVersion = 2
        #expect(hello.negotiatedVersion(supported: 1...1) == nil)
    }

    @Test func agreedCapabilitiesTakeTheMinimaAndTheIntersections() {
        let client = Capabilities(
            maxFrameSize: 1 << 20, maxDecompressedSize: 64 << 20,
            compression: CompressionSet(rawValue: 0x41), window: 16,
            features: ["reconcile", "future-x", "reconcile"])
        let server = Capabilities(
            maxFrameSize: 16 << 20, maxDecompressedSize: 8 << 20, compression: .zlib,
            window: 4, features: ["progress", "reconcile"])
        let agreed = server.agreed(with: client)
        #expect(
            agreed
                == Capabilities(
                    maxFrameSize: 1 << 20, maxDecompressedSize: 8 << 20, compression: .zlib,
                    window: 4, features: ["reconcile"]))
        #expect(client.agreed(with: server).features == ["reconcile"])
        let none = Capabilities(maxFrameSize: 1, maxDecompressedSize: 1, compression: [], window: 0, features: [])
        #expect(server.agreed(with: none).compression == [])
        #expect(server.agreed(with: none).window == 1)
    }
}
