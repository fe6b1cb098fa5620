import NIOSSL

/// Files for the `wss://` listener (security profiles 2 and 3).
public struct TLSSettings: Sendable, Hashable {
    /// PEM file with the server certificate, then its intermediates.
    public var certificateChainPath: String
    /// PEM file with the server's private key.
    public var privateKeyPath: String
    /// PEM file with the root(s) that station client certificates must chain to (profile 3).
    /// Without it no client certificate is requested and profile 3 stations cannot connect.
    public var clientCertificateRootPath: String?

    /// Describes the TLS files.
    public init(certificateChainPath: String, privateKeyPath: String, clientCertificateRootPath: String? = nil) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCertificateRootPath = clientCertificateRootPath
    }

    /// The cipher suites offered up to TLS 1.2: the four Part 5 C-41 / Part 2 A00 requires (two
    /// ECDHE-ECDSA, two RSA, all AES-GCM) plus ECDHE-RSA GCM; no CBC, RC4 or 3DES. TLS 1.3
    /// suites are fixed by BoringSSL: AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305.
    static let cipherSuites: [NIOTLSCipher] = [
        .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        .TLS_RSA_WITH_AES_128_GCM_SHA256,
        .TLS_RSA_WITH_AES_256_GCM_SHA384,
    ]

    /// Builds the server TLS configuration: TLS 1.2 minimum, client certificates optional but
    /// verified against the configured root when presented, so one listener serves profile 2
    /// (Basic auth) and profile 3 (certificate) stations; the profile check happens at upgrade.
    func makeServerConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateChainPath).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.cipherSuiteValues = Self.cipherSuites
        if let clientCertificateRootPath {
            let roots = try NIOSSLCertificate.fromPEMFile(clientCertificateRootPath)
            configuration.trustRoots = .certificates(roots)
            configuration.certificateVerification = .optionalVerification
        } else {
            configuration.certificateVerification = .none
        }
        return configuration
    }
}
