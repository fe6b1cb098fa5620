/// Who is calling the API, for the audit fields of what a route stores: set by
/// `APISecurityMiddleware` around every request it authenticated.
enum APICaller {
    /// The id of the verified API key (`key_…`); nil while the API runs open on loopback.
    @TaskLocal static var keyId: String?
}
