package import Foundation
package import Wire

/// How every backend reads and writes states and site ids as bytes: a stored state that does not decode is a
/// corrupt store, said the same way by each.

extension RecordState {
    /// The encoding as `Data`, for a BLOB column.
    package var encodedData: Data { Data(encodedBytes) }

    /// Decodes a stored BLOB; a decoding failure is a corrupt store.
    package init(storedData data: Data) throws(ReplicaError) {
        do {
            self = try RecordState(encodedBytes: data)
        } catch {
            throw RecordState.corrupt(error)
        }
    }

    /// Decodes stored bytes; a decoding failure is a corrupt store.
    package init(storedBytes bytes: UnsafeRawBufferPointer) throws(ReplicaError) {
        do {
            self = try RecordState(encodedBytes: bytes)
        } catch {
            throw RecordState.corrupt(error)
        }
    }

    /// What a stored state that does not decode is: a corrupt store.
    package static func corrupt(_ error: WireError) -> ReplicaError {
        ReplicaError(.storage, "corrupt record in the store: \(error)")
    }
}

extension EncodedRecords {
    /// Decodes states read from the store; a decoding failure is a corrupt store.
    package func storedStates() throws(ReplicaError) -> [RecordState] {
        do {
            return try decoded()
        } catch {
            throw RecordState.corrupt(error)
        }
    }
}

extension SiteID {
    /// The 16 bytes as `Data`, for a BLOB column.
    package var data: Data { Data(bytes) }

    /// Reads 16 bytes of a BLOB column.
    package init?(data: Data) {
        guard data.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in data.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }
}
