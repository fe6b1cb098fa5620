import ArgumentParser
import BusbarCSMS
import BusbarStorage
import Foundation

/// `busbar stations …` — manage stations directly in the database (no running server needed).
struct StationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stations", abstract: "Register and list charging stations.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a charging station.")
        @Argument(help: "Station identity (up to 48 characters, no ':').") var id: String
        @Option(help: "HTTP Basic password, 16–40 characters (security profiles 1 and 2).") var password: String?
        @Option(help: "Security profile: 1 Basic auth, 2 TLS + Basic auth, 3 TLS client certificate.") var securityProfile = 1
        @Option(help: "BootNotification answer: Accepted, Pending or Rejected.") var bootStatus = "Accepted"
        @Option(help: "Folder of the SQLite database.") var dataDir = "./data"

        func run() async throws {
            guard let policy = BootPolicy(rawValue: bootStatus) else {
                throw ValidationError("--boot-status must be Accepted, Pending or Rejected")
            }
            let administration = try Database.administration(dataDir: dataDir)
            do {
                let station = try await administration.addStation(
                    .init(id: id, password: password, securityProfile: securityProfile, bootPolicy: policy))
                print("registered \(station.id) (security profile \(station.securityProfile), boot \(station.bootPolicy.rawValue))")
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered stations.")
        @Option(help: "Folder of the SQLite database.") var dataDir = "./data"

        func run() async throws {
            let store = try Database.open(dataDir: dataDir)
            for station in try await store.stations() {
                // Decommissioned stations stay in the store with their history; say so rather than hide them.
                let state = station.isDecommissioned ? "\tdecommissioned" : ""
                print(
                    "\(station.id)\tprofile \(station.securityProfile)\tboot \(station.bootPolicy.rawValue)\t\(station.vendorName ?? "-") \(station.model ?? "-")\(state)"
                )
            }
        }
    }
}

/// `busbar tokens …` — manage the id token list.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokens", abstract: "Manage id tokens.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or replace an id token.")
        @Argument(help: "The token value (up to 36 characters).") var idToken: String
        @Option(help: "IdTokenEnumType: Central, eMAID, ISO14443, ISO15693, KeyCode, Local, MacAddress, NoAuthorization.") var type =
            "ISO14443"
        @Option(help: "AuthorizationStatusEnumType, e.g. Accepted, Blocked, Invalid.") var status = "Accepted"
        @Option(help: "Expiry as RFC 3339, e.g. 2027-12-31T23:59:59Z.") var expiresAt: String?
        @Option(help: "Group id token.") var groupId: String?
        @Option(help: "Folder of the SQLite database.") var dataDir = "./data"

        func run() async throws {
            var expiry: Date?
            if let expiresAt {
                guard let date = ISO8601DateFormatter().date(from: expiresAt) else {
                    throw ValidationError("--expires-at must be RFC 3339")
                }
                expiry = date
            }
            let administration = try Database.administration(dataDir: dataDir)
            do {
                let token = try await administration.putIdToken(
                    idToken: idToken, type: type, status: status, expiresAt: expiry, groupId: groupId)
                print("stored \(token.type)/\(token.idToken) \(token.status)")
            } catch {
                throw ValidationError(error.description)
            }
        }
    }
}

/// Opens the database the server uses, for commands that work offline.
enum Database {
    static func open(dataDir: String) throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        return try SQLiteStore(path: (dataDir.hasSuffix("/") ? dataDir : dataDir + "/") + "busbar.sqlite")
    }

    static func administration(dataDir: String) throws -> StationAdministration {
        StationAdministration(store: try open(dataDir: dataDir))
    }
}
