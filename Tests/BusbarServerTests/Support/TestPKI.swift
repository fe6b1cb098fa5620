import Crypto
import Foundation
import SwiftASN1
import X509

/// Real X.509 material made for a test run with swift-certificates: a CSMS root, a server
/// certificate for 127.0.0.1, and station client certificates (CN = identity) — plus a second,
/// untrusted root to make certificates the server must refuse.
struct TestPKI {
    struct Identity {
        let certificate: Certificate
        let key: P256.Signing.PrivateKey
        let certificatePath: String
        let keyPath: String
    }

    let directory: String
    let root: Identity
    let server: Identity
    let rogueRoot: Identity

    init(directory: String) throws {
        self.directory = directory
        root = try Self.makeRoot(name: "Busbar Test Root", file: "root", directory: directory)
        rogueRoot = try Self.makeRoot(name: "Rogue Root", file: "rogue-root", directory: directory)
        server = try Self.issue(commonName: "127.0.0.1", by: root, file: "server", directory: directory, serverAuth: true)
    }

    /// A client certificate for a station, issued by the CSMS root (or the rogue one).
    func clientCertificate(for stationId: String, rogue: Bool = false) throws -> Identity {
        try Self.issue(
            commonName: stationId, by: rogue ? rogueRoot : root, file: "client-\(stationId)\(rogue ? "-rogue" : "")", directory: directory,
            serverAuth: false)
    }

    /// A client certificate from the CSMS root whose subject carries every name in `commonNames`,
    /// each as its own CN attribute — what a careless or hostile issuer could sign.
    func clientCertificate(commonNames: [String]) throws -> Identity {
        try Self.issue(
            commonNames: commonNames, by: root, file: "client-\(commonNames.joined(separator: "+"))", directory: directory,
            serverAuth: false)
    }

    private static func makeRoot(name: String, file: String, directory: String) throws -> Identity {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            OrganizationName("Busbar Tests")
            CommonName(name)
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86400 * 30),
            issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 1))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(key))
        return try write(certificate, key: key, file: file, directory: directory)
    }

    private static func issue(commonName: String, by issuer: Identity, file: String, directory: String, serverAuth: Bool) throws -> Identity
    {
        try issue(commonNames: [commonName], by: issuer, file: file, directory: directory, serverAuth: serverAuth)
    }

    private static func issue(commonNames: [String], by issuer: Identity, file: String, directory: String, serverAuth: Bool) throws
        -> Identity
    {
        let key = P256.Signing.PrivateKey()
        typealias Attribute = RelativeDistinguishedName.Attribute
        let organization = RelativeDistinguishedName([Attribute(type: .RDNAttributeType.organizationName, utf8String: "Busbar Tests")])
        let names = commonNames.map { RelativeDistinguishedName([Attribute(type: .RDNAttributeType.commonName, utf8String: $0)]) }
        let subject = DistinguishedName([organization] + names)
        let allExtensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyAgreement: true))
            try ExtendedKeyUsage([serverAuth ? .serverAuth : .clientAuth])
            if serverAuth {
                SubjectAlternativeNames([.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])), .dnsName("localhost")])
            }
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86400 * 30),
            issuer: issuer.certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: allExtensions, issuerPrivateKey: .init(issuer.key))
        return try write(certificate, key: key, file: file, directory: directory)
    }

    private static func write(_ certificate: Certificate, key: P256.Signing.PrivateKey, file: String, directory: String) throws -> Identity
    {
        let certificatePath = "\(directory)/\(file).pem"
        let keyPath = "\(directory)/\(file).key"
        try certificate.serializeAsPEM().pemString.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(toFile: keyPath, atomically: true, encoding: .utf8)
        return Identity(certificate: certificate, key: key, certificatePath: certificatePath, keyPath: keyPath)
    }
}
