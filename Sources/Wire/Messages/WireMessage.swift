public import NIOCore

/// Every message of the protocol, one case per `MessageType`, each carrying its payload struct.
public enum WireMessage: Hashable, Sendable {
    /// `0x01 HELLO`.
    case hello(Hello)
    /// `0x02 WELCOME`.
    case welcome(Welcome)
    /// `0x03 ERROR`.
    case error(ErrorMessage)
    /// `0x04 GOODBYE`.
    case goodbye(Goodbye)
    /// `0x05 PING`.
    case ping(Ping)
    /// `0x06 PONG`.
    case pong(Pong)
    /// `0x10 LIST_DATASETS`.
    case listDatasets(ListDatasets)
    /// `0x11 DATASET_LIST`.
    case datasetList(DatasetList)
    /// `0x20 PULL`.
    case pullRequest(PullRequest)
    /// `0x21 RECORD_BATCH`.
    case recordBatch(RecordBatch)
    /// `0x21 RECORD_BATCH` built from stored encodings (sent only: a received batch is always `recordBatch`).
    /// Either batch case travels as `0x27 RECORD_COLUMNS` when the encoder sends that layout (`FrameEncoder`).
    case encodedRecordBatch(EncodedRecordBatch)
    /// `0x22 BATCH_ACK`.
    case batchAck(BatchAck)
    /// `0x23 PUSH`.
    case pushRequest(PushRequest)
    /// `0x24 PUSH_ACCEPTED`.
    case pushAccepted(PushAccepted)
    /// `0x25 CONFLICT_REPORT`.
    case conflictReport(ConflictReport)
    /// `0x26 PROGRESS`.
    case progress(Progress)
    /// `0x30 RECONCILE`.
    case reconcileRequest(ReconcileRequest)
    /// `0x31 RECONCILE_REPLY`.
    case reconcileReply(ReconcileReply)
    /// `0x32 RECONCILE_NEED`.
    case reconcileNeed(ReconcileNeed)

    /// The frame type that carries this message.
    public var type: MessageType {
        switch self {
        case .hello: .hello
        case .welcome: .welcome
        case .error: .error
        case .goodbye: .goodbye
        case .ping: .ping
        case .pong: .pong
        case .listDatasets: .listDatasets
        case .datasetList: .datasetList
        case .pullRequest: .pullRequest
        case .recordBatch, .encodedRecordBatch: .recordBatch
        case .batchAck: .batchAck
        case .pushRequest: .pushRequest
        case .pushAccepted: .pushAccepted
        case .conflictReport: .conflictReport
        case .progress: .progress
        case .reconcileRequest: .reconcileRequest
        case .reconcileReply: .reconcileReply
        case .reconcileNeed: .reconcileNeed
        }
    }

    /// Appends the payload bytes (uncompressed, without frame header) to `buffer`.
    public func encodePayload(into buffer: inout ByteBuffer) {
        switch self {
        case .hello(let message): message.write(to: &buffer)
        case .welcome(let message): message.write(to: &buffer)
        case .error(let message): message.write(to: &buffer)
        case .goodbye(let message): message.write(to: &buffer)
        case .ping(let message): message.write(to: &buffer)
        case .pong(let message): message.write(to: &buffer)
        case .listDatasets(let message): message.write(to: &buffer)
        case .datasetList(let message): message.write(to: &buffer)
        case .pullRequest(let message): message.write(to: &buffer)
        case .recordBatch(let message): message.write(to: &buffer)
        case .encodedRecordBatch(let message): message.write(to: &buffer)
        case .batchAck(let message): message.write(to: &buffer)
        case .pushRequest(let message): message.write(to: &buffer)
        case .pushAccepted(let message): message.write(to: &buffer)
        case .conflictReport(let message): message.write(to: &buffer)
        case .progress(let message): message.write(to: &buffer)
        case .reconcileRequest(let message): message.write(to: &buffer)
        case .reconcileReply(let message): message.write(to: &buffer)
        case .reconcileNeed(let message): message.write(to: &buffer)
        }
    }

    /// The payload bytes as a new buffer.
    public var payload: ByteBuffer {
        var buffer = ByteBuffer()
        encodePayload(into: &buffer)
        return buffer
    }

    /// Decodes a payload of the given frame type. Strict: an unknown type is `.unknownFrameType`; bytes left
    /// over, bad tags or counts over their limits are `.malformedPayload`; invalid values are `.invalidValue`.
    public static func decode(type: UInt8, payload: ByteBuffer) throws(WireError) -> WireMessage {
        guard let messageType = MessageType(rawValue: type) else {
            throw WireError(.unknownFrameType, "unknown message type 0x\(String(type, radix: 16))")
        }
        return try decode(type: messageType, payload: payload)
    }

    /// Decodes a payload of a known frame type (see `decode(type:payload:)` with a raw type). A
    /// `RECORD_COLUMNS` payload decodes to `.recordBatch`, refused when its `RECORD_BATCH` form would be larger
    /// than `expandedLimit` (the receiver's `maxDecompressedSize`).
    public static func decode(
        type: MessageType, payload: ByteBuffer,
        expandedLimit: Int = Int(Capabilities.defaults.maxDecompressedSize)
    ) throws(WireError) -> WireMessage {
        var buffer = payload
        let message: WireMessage
        do {
            switch type {
            case .hello: message = .hello(try Hello.read(from: &buffer))
            case .welcome: message = .welcome(try Welcome.read(from: &buffer))
            case .error: message = .error(try ErrorMessage.read(from: &buffer))
            case .goodbye: message = .goodbye(try Goodbye.read(from: &buffer))
            case .ping: message = .ping(try Ping.read(from: &buffer))
            case .pong: message = .pong(try Pong.read(from: &buffer))
            case .listDatasets: message = .listDatasets(try ListDatasets.read(from: &buffer))
            case .datasetList: message = .datasetList(try DatasetList.read(from: &buffer))
            case .pullRequest: message = .pullRequest(try PullRequest.read(from: &buffer))
            case .recordBatch: message = .recordBatch(try RecordBatch.read(from: &buffer))
            case .recordColumns:
                message = .recordBatch(try RecordColumns.read(from: &buffer, expandedLimit: expandedLimit))
            case .batchAck: message = .batchAck(try BatchAck.read(from: &buffer))
            case .pushRequest: message = .pushRequest(try PushRequest.read(from: &buffer))
            case .pushAccepted: message = .pushAccepted(try PushAccepted.read(from: &buffer))
            case .conflictReport: message = .conflictReport(try ConflictReport.read(from: &buffer))
            case .progress: message = .progress(try Progress.read(from: &buffer))
            case .reconcileRequest: message = .reconcileRequest(try ReconcileRequest.read(from: &buffer))
            case .reconcileReply: message = .reconcileReply(try ReconcileReply.read(from: &buffer))
            case .reconcileNeed: message = .reconcileNeed(try ReconcileNeed.read(from: &buffer))
            }
        } catch  where error.code == .truncated {
            throw WireError(.malformedPayload, "\(type.name) payload ends inside a field: \(error.message)")
        }
        guard buffer.readableBytes == 0 else {
            throw WireError(.malformedPayload, "\(type.name) payload has \(buffer.readableBytes) bytes left over")
        }
        return message
    }
}
