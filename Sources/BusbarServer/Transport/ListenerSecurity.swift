/// Which kind of OCPP listener a connection arrived on; it bounds the security profiles a
/// station may use there (Part 4 §2 / A00: profile 1 is plain, 2 and 3 need TLS).
enum ListenerSecurity: Sendable, Hashable {
    /// `ws://` — only security profile 1 (HTTP Basic over plain TCP).
    case plain
    /// `wss://` — profiles 2 (Basic auth) and 3 (client certificate); profile 1 stations may
    /// also use it, since TLS only adds protection.
    case tls
}
