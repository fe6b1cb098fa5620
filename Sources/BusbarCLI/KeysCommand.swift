import ArgumentParser
import BusbarCSMS
import BusbarStorage
import Foundation

/// `busbar keys …` — the operator API's keys, managed directly in the database like `stations`
/// (no running server needed; a running one sees a change within a second).
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Issue, list and revoke operator API keys.", subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an API key and print it once on standard output (only its hash is stored).",
            discussion: """
                Roles: operator (everything), viewer (read-only), utility (only /api/v1/sites/{siteId}/… of its --site ids).
                Clients send it as `Authorization: Bearer <key>`. Capture it with KEY=$(busbar keys add --role operator).
                """)
        @Option(help: "operator, viewer or utility.") var role: String
        @Option(help: "A name to tell keys apart in `keys list`.") var name: String?
        @Option(name: .customLong("site"), help: "A site a utility key may use (repeat for several).") var sites: [String] = []
        @Option(help: "Folder of the SQLite database.") var dataDir = "./data"

        func run() async throws {
            guard let role = APIRole(rawValue: role) else {
                throw ValidationError("--role must be one of \(APIRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let keys = APIKeyAdministration(store: try Database.open(dataDir: dataDir))
            do {
                let issued = try await keys.add(role: role, name: name, siteIds: sites)
                print(issued.key)
                var note = "issued \(issued.record.id) (\(issued.record.role)"
                if !issued.record.siteIds.isEmpty { note += ", sites \(issued.record.siteIds.joined(separator: ","))" }
                note += "); the key above is shown only now: store it where the client can read it\n"
                FileHandle.standardError.write(Data(note.utf8))
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API keys (never the keys themselves).")
        @Option(help: "Folder of the SQLite database.") var dataDir = "./data"

        func run() async throws {
            let keys = APIKeyAdministration(store: try Database.open(dataDir: dataDir))
            let dates = ISO8601DateFormatter()
            do {
                for key in try await keys.list() {
                    let state = key.revokedAt.map { "revoked \(dates.string(from: $0))" } ?? "active"
                    let sites = key.siteIds.isEmpty ? "-" : key.siteIds.joined(separator: ",")
                    print(
                        "\(key.id)\t\(key.role)\t\(key.name.isEmpty ? "-" : key.name)\tsites \(sites)\tcreated \(dates.string(from: key.createdAt))\t\(state)"
                    )
                }
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API key; a running server refuses it within a second.")
        @Argument(help: "The key id, as `keys list` shows it (key_…).") var id: String
        @Option(help: "Folder of the SQLite database.") var dataDir = "./data"

        func run() async throws {
            let keys = APIKeyAdministration(store: try Database.open(dataDir: dataDir))
            do {
                let key = try await keys.revoke(id: id)
                print("revoked \(key.id) (\(key.role)\(key.name.isEmpty ? "" : ", \(key.name)"))")
            } catch {
                throw ValidationError(error.description)
            }
        }
    }
}
