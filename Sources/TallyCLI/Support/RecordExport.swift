import Records
import Store
import Wire

/// One `tally export` under way: the records go through the format's writer into a buffer, the buffer to the
/// output a megabyte at a time, with the progress line; `finish` completes the output (a file is renamed into
/// place only then). A class: the record walks (a replica's, a store's paged one) call `add` from a closure.
final class RecordExport {
    private var writer: any RecordWriter
    private let sink: OutputSink
    private var buffer: [UInt8] = []
    private let progress = ProgressLine()
    private let dataset: DatasetInfo
    private var written: UInt64 = 0

    /// Starts an export of `dataset` in `format` to `output` (standard output when `nil`). Throws when the format
    /// cannot hold the dataset's kind, before any file is made.
    init(_ dataset: DatasetInfo, format: RecordFormat, output: String?) throws {
        try format.check(kind: dataset.kind)
        writer = format.writer(kind: dataset.kind)
        sink = try OutputSink(path: output)
        self.dataset = dataset
        buffer.reserveCapacity(1 << 20)
    }

    /// Writes one record; they come sorted by type, then id.
    func add(_ state: RecordState) throws {
        try writer.write(state.userRecord, into: &buffer)
        written += 1
        if written % 1024 == 0 {
            progress.update("export", dataset.name, written, total: UInt64(dataset.recordCount))
        }
        if buffer.count >= 1 << 20 {
            try sink.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Ends the format, writes what is left and completes the output.
    func finish() throws {
        progress.finish()
        writer.finish(into: &buffer)
        try sink.write(buffer)
        try sink.close()
    }
}
