import BusbarStorage

/// `GET /api/v1/stations?state=`: which stations the list shows. By default only those in
/// service — the fleet an operator runs; decommissioned ones stay reachable by id and on request.
enum StationListState: String, CaseIterable {
    case active, decommissioned, all

    /// Reads the query value (nil → `active`); anything else is a 400 naming `state`.
    init(_ text: String?) throws {
        guard let text else {
            self = .active
            return
        }
        guard let state = Self(rawValue: text) else {
            throw APIError.badRequest("must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))", field: "state")
        }
        self = state
    }

    /// True when `station` belongs in the list.
    func includes(_ station: StationRecord) -> Bool {
        switch self {
        case .active: !station.isDecommissioned
        case .decommissioned: station.isDecommissioned
        case .all: true
        }
    }
}
