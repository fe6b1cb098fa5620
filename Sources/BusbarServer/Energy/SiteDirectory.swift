/// What the site routes need of the energy manager: which sites and nodes exist, and a way to
/// tell it that a site's limit signals changed so it re-plans. The energy manager's site
/// registry implements it; the routes stay free of planning code.
protocol SiteDirectory: Sendable {
    /// The names of the site's nodes with the grid connection first, or nil for an unknown site.
    func nodeNames(ofSite siteId: String) async -> [String]?
    /// Called after a signal of the site was stored or withdrawn (durably).
    func limitsChanged(siteId: String) async
}
