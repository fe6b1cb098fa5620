import Synchronization

/// Counts OCPP connections that are accepted but not yet authenticated (no 101 yet), globally and
/// per source address, and refuses one past either cap (issue #10 defect 1). Authenticated
/// connections are not counted, so a flood of half-open sockets cannot crowd out stations that
/// already passed the upgrade, and the descriptors above the cap stay for them and the API.
final class ConnectionAdmission: Sendable {
    /// Why a connection was refused; the label of `busbar_ocpp_connections_refused_total`.
    enum Refusal: String, Sendable, CaseIterable {
        /// `maxPendingConnections` reached.
        case global
        /// `maxPendingPerAddress` reached for this source address.
        case address
    }

    private struct State {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    private let maxTotal: Int
    private let maxPerAddress: Int
    private let state = Mutex(State())

    init(maxTotal: Int, maxPerAddress: Int) {
        self.maxTotal = maxTotal
        self.maxPerAddress = maxPerAddress
    }

    /// Takes a slot for a new connection from `address`, or says why there is none.
    func admit(address: String) -> Refusal? {
        state.withLock { state in
            if state.total >= maxTotal { return .global }
            let fromAddress = state.byAddress[address, default: 0]
            if fromAddress >= maxPerAddress { return .address }
            state.total += 1
            state.byAddress[address] = fromAddress + 1
            return nil
        }
    }

    /// Gives back the slot of a connection that upgraded or closed.
    func release(address: String) {
        state.withLock { state in
            state.total -= 1
            let left = state.byAddress[address, default: 1] - 1
            state.byAddress[address] = left > 0 ? left : nil
        }
    }

    /// Connections holding a slot now.
    var pending: Int { state.withLock { $0.total } }
}
