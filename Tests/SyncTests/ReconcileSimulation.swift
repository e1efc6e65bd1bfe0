import NIOCore
import Sync
import Wire

/// Runs range reconciliation between two in-memory sides, message by message, through the real codec.
struct ReconcileSimulation {
    /// What a run did.
    struct Outcome {
        var roundTrips = 0
        var bytes = 0
        var need: Set<String> = []
        var have: Set<String> = []
    }

    /// The most round trips a run may take before the test calls it non-terminating.
    static let roundLimit = 100_000

    static func run(
        client: SortedItemSource,
        server: SortedItemSource,
        clientConfiguration: ReconcileConfiguration = ReconcileConfiguration(),
        serverConfiguration: ReconcileConfiguration = ReconcileConfiguration()
    ) async throws -> Outcome {
        let initiator = RangeReconciler(role: .initiator, configuration: clientConfiguration)
        let responder = RangeReconciler(role: .responder, configuration: serverConfiguration)
        var outcome = Outcome()
        var ranges = try await initiator.openingRanges(client)
        while outcome.roundTrips < roundLimit {
            let request = try roundTrip(ReconcileRequest(dataset: "d", ranges: ranges), &outcome.bytes)
            outcome.roundTrips += 1
            let reply = try roundTrip(
                ReconcileReply(dataset: "d", ranges: try await responder.step(request.ranges, source: server).ranges),
                &outcome.bytes
            )
            let step = try await initiator.step(reply.ranges, source: client)
            outcome.need.formUnion(step.need)
            outcome.have.formUnion(step.have)
            if step.isSettled { return outcome }
            ranges = step.ranges
        }
        return outcome
    }

    /// Encodes and decodes one message (so the reader's checks apply), counting its bytes with a frame header.
    static func roundTrip<M: WirePayload>(_ message: M, _ bytes: inout Int) throws -> M {
        var buffer = ByteBuffer()
        message.write(to: &buffer)
        bytes += buffer.readableBytes + 14
        return try M.read(from: &buffer)
    }
}
