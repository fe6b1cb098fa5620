import X509

/// Which station a profile-3 client certificate names (A00.FR.3xx, TC_A_08_CSMS: the subject CN is
/// the station identity). A subject with several CNs names no station: accepting any of them let
/// one certificate (`CN=TLS-002, CN=TLS-001`) log in as every station it lists.
enum ClientCertificateIdentity {
    /// Nil when `subject` has exactly one CN, a text string equal to `stationId`; else why not.
    static func problem(subject: DistinguishedName, stationId: String) -> String? {
        let commonNames = subject.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }
        guard commonNames.count == 1, let commonName = commonNames.first else {
            let listed = commonNames.map { String($0.value) ?? String(describing: $0.value) }
            return "client certificate subject must have exactly one CN, the station identity '\(stationId)'; it has "
                + "\(commonNames.count) \(listed) (A00.FR.3xx: issue the station a certificate with CN=\(stationId) only)"
        }
        // String(_:) reads the value as issued; `description` escapes RFC 4514 characters such as
        // '+' and '=', which station identities may contain.
        guard let name = String(commonName.value) else {
            return "client certificate subject CN is not a text string (PrintableString, UTF8String or IA5String)"
        }
        guard name == stationId else {
            return "client certificate subject CN '\(name.prefix(64))' does not match station identity '\(stationId)' "
                + "(A00.FR.3xx, TC_A_08_CSMS: the CN must name the station)"
        }
        return nil
    }
}
