import Sync
import Synchronization

/// Which connections the server takes (Protocol.md §8): at most `maxConnections` at once; of those, at most
/// `maxUnauthenticated` that have not been sent WELCOME yet, and at most `maxUnauthenticatedPerAddress` of those
/// from one source address, an `AddressGroup` (one IPv6 /64, or one IPv4 address). However many connections
/// strangers open, the rest of `maxConnections` stays for peers that authenticated, and one address (or /64)
/// cannot take every unauthenticated slot.
final class ConnectionAdmission: Sendable {
    /// One admitted connection, until `release`.
    final class Ticket: Sendable {
        /// The peer's address group (`AddressGroup.key` of its IP address).
        let address: String
        /// `true` once the connection was sent WELCOME.
        fileprivate let authenticated = Atomic(false)

        fileprivate init(address: String) {
            self.address = address
        }
    }

    /// Why a connection was refused; `message` is the ERROR `busy` text the peer is told.
    enum Refusal: Error, Hashable {
        case atConnectionLimit
        case tooManyUnauthenticated
        case tooManyUnauthenticatedFrom(String)

        var message: String {
            switch self {
            case .atConnectionLimit: "the server is at its connection limit; retry later"
            case .tooManyUnauthenticated: "the server has too many connections still authenticating; retry later"
            case .tooManyUnauthenticatedFrom(let address):
                "too many connections from \(address) are still authenticating; close some or retry later"
            }
        }
    }

    private struct Counts {
        var total = 0
        var unauthenticated = 0
        var unauthenticatedByAddress: [String: Int] = [:]
    }

    private let maxConnections: Int
    private let maxUnauthenticated: Int
    private let maxUnauthenticatedPerAddress: Int
    private let counts = Mutex(Counts())

    /// Makes the admission for a server's limits.
    init(maxConnections: Int, maxUnauthenticated: Int, maxUnauthenticatedPerAddress: Int) {
        self.maxConnections = maxConnections
        self.maxUnauthenticated = maxUnauthenticated
        self.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress
    }

    /// Connections admitted now.
    var connections: Int { counts.withLock { $0.total } }

    /// Admits a new connection from `address` (an IP address, counted with its `AddressGroup`; not yet
    /// authenticated), or says why not.
    func admit(address: String) -> Result<Ticket, Refusal> {
        let address = AddressGroup.key(address)
        return counts.withLock { counts in
            guard counts.total < maxConnections else { return .failure(.atConnectionLimit) }
            guard counts.unauthenticated < maxUnauthenticated else { return .failure(.tooManyUnauthenticated) }
            let fromAddress = counts.unauthenticatedByAddress[address, default: 0]
            guard fromAddress < maxUnauthenticatedPerAddress else {
                return .failure(.tooManyUnauthenticatedFrom(address))
            }
            counts.total += 1
            counts.unauthenticated += 1
            counts.unauthenticatedByAddress[address] = fromAddress + 1
            return .success(Ticket(address: address))
        }
    }

    /// The connection of `ticket` was sent WELCOME: it no longer counts as unauthenticated.
    func authenticated(_ ticket: Ticket) {
        guard !ticket.authenticated.exchange(true, ordering: .relaxed) else { return }
        counts.withLock { counts in Self.forgetUnauthenticated(ticket.address, in: &counts) }
    }

    /// The connection of `ticket` ended.
    func release(_ ticket: Ticket) {
        let wasAuthenticated = ticket.authenticated.exchange(true, ordering: .relaxed)
        counts.withLock { counts in
            counts.total -= 1
            if !wasAuthenticated { Self.forgetUnauthenticated(ticket.address, in: &counts) }
        }
    }

    private static func forgetUnauthenticated(_ address: String, in counts: inout Counts) {
        counts.unauthenticated -= 1
        let left = counts.unauthenticatedByAddress[address, default: 1] - 1
        counts.unauthenticatedByAddress[address] = left > 0 ? left : nil
    }
}
