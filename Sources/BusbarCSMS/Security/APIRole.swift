/// What an operator API key may do. Roles are coarse on purpose — a key belongs to a person or a
/// system with one job — and `utility` carries a scope (its sites) so that the energy manager can
/// let a grid operator see and steer only the sites it serves.
public enum APIRole: String, Sendable, Hashable, CaseIterable {
    /// Everything: stations, tokens, transactions, CSMS→station requests, metrics.
    case `operator`
    /// Read-only everything (dashboards, support staff); any change is refused.
    case viewer
    /// A utility or aggregator: only the sites named on its key — their limit signals, and reading
    /// the rest of `/api/v1/sites/{siteId}`.
    case utility
}

/// What one API request touches, as far as permissions go; the server maps its routes onto these.
public enum APIScope: Sendable, Hashable {
    /// The CSMS itself: stations, id tokens, transactions, station requests.
    case operations
    /// One site's limit signals (`/api/v1/sites/{siteId}/limits…`): a utility key's own area.
    case site(String)
    /// The rest of one site (its description, plans, load): utility keys of the site read it,
    /// only operators change it.
    case siteView(String)
    /// The OpenAPI document, which every valid key may read so any client can be generated.
    case description
    /// Prometheus metrics: counts across all stations, so not for site-scoped keys.
    case metrics
}

/// A verified key's rights: its role and, for `utility`, the sites it is limited to.
public struct APIGrant: Sendable, Hashable {
    /// The key's role.
    public let role: APIRole
    /// Sites a `utility` key may touch; ignored for the other roles.
    public let siteIds: Set<String>

    /// Describes a key's rights.
    public init(role: APIRole, siteIds: Set<String> = []) {
        self.role = role
        self.siteIds = siteIds
    }

    /// Nil when the key may do this, else why not (for a 403 body). `changes` is true for any
    /// method other than GET/HEAD.
    public func refusal(for scope: APIScope, changes: Bool) -> String? {
        switch role {
        case .operator:
            return nil
        case .viewer:
            return changes ? "viewer keys are read-only; use an operator key to change anything" : nil
        case .utility:
            switch scope {
            case .description:
                return nil
            case .site(let id) where siteIds.contains(id):
                return nil
            case .siteView(let id) where siteIds.contains(id):
                return changes
                    ? "utility keys may change only the limits of site '\(id)' (/api/v1/sites/\(id)/limits); this change needs an operator key"
                    : nil
            case .site(let id), .siteView(let id):
                return "this utility key is limited to sites \(siteIds.sorted()); site '\(id)' is not among them"
            case .operations, .metrics:
                return "utility keys may only use /api/v1/sites/{siteId}/… for their own sites; this route needs an operator key"
            }
        }
    }
}
