import OCPP
import Synchronization

/// Per-connection facts a use-case handler needs: who the station is, how it authenticated and
/// where it stands in the boot handshake. Shared between the session and the handlers.
public final class StationContext: Sendable {
    private struct State {
        var registration: RegistrationState
        /// Actions the station may send while Pending because the CSMS asked for them
        /// (TriggerMessage, GetBaseReport, GetReport — B02.FR.09 / TC_B_30).
        var triggeredActions: Set<OCPPAction> = []
    }

    /// The station identity from the connection URL.
    public let stationId: String
    /// The security profile the connection was accepted under (1, 2 or 3).
    public let securityProfile: Int
    private let state: Mutex<State>

    /// Creates a context; `registration` comes from what the station was last answered.
    public init(stationId: String, securityProfile: Int, registration: RegistrationState) {
        self.stationId = stationId
        self.securityProfile = securityProfile
        self.state = Mutex(State(registration: registration))
    }

    /// The current boot handshake state.
    public var registration: RegistrationState {
        state.withLock { $0.registration }
    }

    /// Records the answer just given to a BootNotification.
    public func setRegistration(_ registration: RegistrationState) {
        state.withLock {
            $0.registration = registration
            if registration != .pending { $0.triggeredActions = [] }
        }
    }

    /// Allows the station to send `action` while Pending because the CSMS requested it.
    public func allowWhilePending(_ action: OCPPAction) {
        state.withLock { _ = $0.triggeredActions.insert(action) }
    }

    /// Whether the station may send a CALL for `action` now (B02.FR.09, B03.FR.07: otherwise SecurityError).
    public func mayReceive(_ action: OCPPAction) -> Bool {
        if action == .bootNotification { return true }
        return state.withLock { state in
            switch state.registration {
            case .accepted: return true
            case .pending: return state.triggeredActions.contains(action)
            case .unregistered, .rejected: return false
            }
        }
    }

    /// Whether the CSMS may send this station a request now (B03.FR.03: not once Rejected).
    public func maySend(_ action: OCPPAction) -> Bool {
        switch registration {
        case .rejected: return false
        case .accepted, .pending, .unregistered: return true
        }
    }
}
