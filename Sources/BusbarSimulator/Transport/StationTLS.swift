import NIOSSL

/// Builds the client TLS settings for OCPP security profiles 2 and 3 from PEM files.
public enum StationTLS {
    /// Profile 2 (server certificate only) when no client certificate is given, profile 3 otherwise.
    ///
    /// - Parameters:
    ///   - trustedRootPEMFile: CA that signed the CSMS certificate (nil: the system trust store).
    ///   - clientCertificatePEMFile: the station's certificate chain (profile 3).
    ///   - clientPrivateKeyPEMFile: the key of that certificate.
    public static func configuration(
        trustedRootPEMFile: String?,
        clientCertificatePEMFile: String? = nil,
        clientPrivateKeyPEMFile: String? = nil
    ) throws(SimulatorError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        do {
            if let trustedRootPEMFile {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(trustedRootPEMFile))
            }
            switch (clientCertificatePEMFile, clientPrivateKeyPEMFile) {
            case (let certificate?, let key?):
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            case (nil, nil):
                break
            default:
                throw SimulatorError.invalidConfiguration(
                    "a client certificate needs both clientCertificatePEMFile and clientPrivateKeyPEMFile")
            }
        } catch let error as SimulatorError {
            throw error
        } catch {
            throw .invalidConfiguration("cannot load TLS material: \(error)")
        }
        return tls
    }

    /// The same from PEM text held in memory (tests that mint certificates on the fly).
    public static func configuration(
        trustedRootPEM: String?,
        clientCertificatePEM: String? = nil,
        clientPrivateKeyPEM: String? = nil
    ) throws(SimulatorError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        do {
            if let trustedRootPEM {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(trustedRootPEM.utf8)))
            }
            switch (clientCertificatePEM, clientPrivateKeyPEM) {
            case (let certificate?, let key?):
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(certificate.utf8)).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem))
            case (nil, nil):
                break
            default:
                throw SimulatorError.invalidConfiguration(
                    "a client certificate needs both clientCertificatePEM and clientPrivateKeyPEM")
            }
        } catch let error as SimulatorError {
            throw error
        } catch {
            throw .invalidConfiguration("cannot parse TLS material: \(error)")
        }
        return tls
    }
}
