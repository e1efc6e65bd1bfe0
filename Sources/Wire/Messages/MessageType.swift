/// The one-byte type of a frame: which message its payload holds (Protocol.md, "Messages").
public enum MessageType: UInt8, Sendable, CaseIterable {
    /// `HELLO`: `Hello`.
    case hello = 0x01
    /// `WELCOME`: `Welcome`.
    case welcome = 0x02
    /// `ERROR`: `ErrorMessage`.
    case error = 0x03
    /// `GOODBYE`: `Goodbye`.
    case goodbye = 0x04
    /// `PING`: `Ping`.
    case ping = 0x05
    /// `PONG`: `Pong`.
    case pong = 0x06
    /// `LIST_DATASETS`: `ListDatasets`.
    case listDatasets = 0x10
    /// `DATASET_LIST`: `DatasetList`.
    case datasetList = 0x11
    /// `PULL`: `PullRequest`.
    case pullRequest = 0x20
    /// `RECORD_BATCH`: `RecordBatch`.
    case recordBatch = 0x21
    /// `BATCH_ACK`: `BatchAck`.
    case batchAck = 0x22
    /// `PUSH`: `PushRequest`.
    case pushRequest = 0x23
    /// `PUSH_ACCEPTED`: `PushAccepted`.
    case pushAccepted = 0x24
    /// `CONFLICT_REPORT`: `ConflictReport`.
    case conflictReport = 0x25
    /// `PROGRESS`: `Progress`.
    case progress = 0x26
    /// `RECORD_COLUMNS`: a `RecordBatch` laid out by column (`RecordColumns`, version 3 on).
    case recordColumns = 0x27
    /// `RECONCILE`: `ReconcileRequest`.
    case reconcileRequest = 0x30
    /// `RECONCILE_REPLY`: `ReconcileReply`.
    case reconcileReply = 0x31
    /// `RECONCILE_NEED`: `ReconcileNeed`.
    case reconcileNeed = 0x32

    /// The name Protocol.md uses, such as `RECORD_BATCH`.
    public var name: String {
        switch self {
        case .hello: "HELLO"
        case .welcome: "WELCOME"
        case .error: "ERROR"
        case .goodbye: "GOODBYE"
        case .ping: "PING"
        case .pong: "PONG"
        case .listDatasets: "LIST_DATASETS"
        case .datasetList: "DATASET_LIST"
        case .pullRequest: "PULL"
        case .recordBatch: "RECORD_BATCH"
        case .batchAck: "BATCH_ACK"
        case .pushRequest: "PUSH"
        case .pushAccepted: "PUSH_ACCEPTED"
        case .conflictReport: "CONFLICT_REPORT"
        case .progress: "PROGRESS"
        case .recordColumns: "RECORD_COLUMNS"
        case .reconcileRequest: "RECONCILE"
        case .reconcileReply: "RECONCILE_REPLY"
        case .reconcileNeed: "RECONCILE_NEED"
        }
    }
}
