import BusbarCSMS
import BusbarEnergy
import BusbarStorage
import Foundation
import Logging
import OCPP
import Testing
@testable import BusbarServer

/// Issue #11 §1 and §5 over real HTTP: the sites of `--sites DIR` and of `PUT`, reloading a
/// changed file (a broken edit keeps the site in force and shows the error), and utility limit
/// signals with keys scoped to their sites.
@Suite("Sites and utility limit signals over the operator API")
struct SiteAPITests {
    /// The repository's `Sites/` folder.
    static let repositorySites = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sites").path

    /// A temporary copy of the example sites (only the YAML files), so a test can edit them.
    static func copyOfExampleSites(_ names: [String] = ["office", "garage"]) throws -> String {
        let folder = try makeTemporaryDirectory()
        for name in names {
            try FileManager.default.copyItem(atPath: "\(repositorySites)/\(name).yaml", toPath: "\(folder)/\(name).yaml")
        }
        return folder
    }

    static func eventually(_ seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("every example capacity file loads; GET lists them and a site's document comes back as PUT accepts it")
    func sitesFromFiles() async throws {
        let folder = try Self.copyOfExampleSites()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withRunningServer(configure: { $0.sitesDirectory = folder }) { server in
            let api = APIClient(baseURL: server.apiURL)
            let list = try await api.get("/api/v1/sites")
            #expect(list.status == 200)
            #expect(list.body["sites"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["garage", "office"])
            #expect(list.body["sites"]?.arrayValue?.first { $0["id"] == "office" }?["evses"] == 10)
            #expect(list.body["fileErrors"]?.arrayValue?.isEmpty == true)

            let office = try await api.get("/api/v1/sites/office")
            #expect(office.status == 200)
            #expect(office.body["grid"]?["name"] == "grid-connection")
            let replaced = try await api.request(.put, "/api/v1/sites/office", json: office.body)
            #expect(replaced.status == 200, "\(replaced.text)")
            #expect(replaced.body == office.body)
            #expect(try await api.get("/api/v1/sites/nowhere").status == 404)
        }
    }

    @Test("the whole sites folder of the repository loads at start")
    func repositorySitesLoad() async throws {
        let registry = SiteRegistry(
            directory: Self.repositorySites, store: try SQLiteStore(path: try makeTemporaryDirectory() + "/db.sqlite"),
            logger: Logger(label: "test"))
        try await registry.load()
        #expect(await registry.allSites().count >= 5)
        #expect(await registry.nodeNames(ofSite: "garage")?.isEmpty == false)
    }

    @Test("a broken capacity file at start stops the server with the file, the field's path and why")
    func brokenFileAtStart() async throws {
        let folder = try Self.copyOfExampleSites(["office"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = try String(contentsOfFile: "\(folder)/office.yaml", encoding: .utf8)
        try text.replacingOccurrences(of: "limitA: [125, 125, 125]", with: "limitA: [125, -1, 125]")
            .write(toFile: "\(folder)/office.yaml", atomically: true, encoding: .utf8)
        let registry = SiteRegistry(
            directory: folder, store: try SQLiteStore(path: try makeTemporaryDirectory() + "/db.sqlite"), logger: Logger(label: "test"))
        do {
            try await registry.load()
            Issue.record("a broken site file was accepted")
        } catch let error as SiteFileError {
            #expect(error.file == "office.yaml")
            #expect(error.path == "grid.limitA[1]", "\(error)")
        }
    }

    @Test("a changed file is reloaded; a broken edit is refused, the site in force stays, and the API shows the error")
    func reloadAndBrokenEdit() async throws {
        let folder = try Self.copyOfExampleSites(["office"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/office.yaml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try await withRunningServer(configure: {
            $0.sitesDirectory = folder
            $0.siteRescanInterval = .milliseconds(100)
        }) { server in
            let api = APIClient(baseURL: server.apiURL)
            try original.replacingOccurrences(of: "name: Office car park", with: "name: Office car park, renamed")
                .write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await Self.eventually { try await api.get("/api/v1/sites/office").body["name"] == "Office car park, renamed" })

            try original.replacingOccurrences(of: "limitKW: 80", with: "limitKW: lots")
                .write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await Self.eventually { try await api.get("/api/v1/sites").body["fileErrors"]?.arrayValue?.count == 1 })
            let list = try await api.get("/api/v1/sites")
            let error = list.body["fileErrors"]?[0]
            #expect(error?["file"] == "office.yaml")
            #expect(error?["path"] == "grid.limitKW", "\(list.text)")
            let inForce = try await api.get("/api/v1/sites/office")
            #expect(inForce.body["name"] == "Office car park, renamed")
            #expect(inForce.body["grid"]?["limitKW"] == 80)

            try original.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await Self.eventually { try await api.get("/api/v1/sites").body["fileErrors"]?.arrayValue?.isEmpty == true })
        }
    }

    @Test("a site PUT through the API is validated naming the field, stored, and kept across a restart")
    func putIsValidatedAndDurable() async throws {
        let data = try makeTemporaryDirectory()
        let folder = try Self.copyOfExampleSites(["office"])
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: data)
        }
        try await withRunningServer(dataDirectory: data, configure: { $0.sitesDirectory = folder }) { server in
            let api = APIClient(baseURL: server.apiURL)
            guard case .object(var fields) = try await api.get("/api/v1/sites/office").body else {
                Issue.record("no site document")
                return
            }
            fields["id"] = "annex"
            fields["name"] = "Annex"
            let document = JSONValue.object(fields)
            let wrongId = try await api.request(.put, "/api/v1/sites/office", json: document)
            #expect(wrongId.status == 400)
            #expect(wrongId.body["field"] == "id")
            fields["timezone"] = "Mars/Olympus"
            let broken = JSONValue.object(fields)
            let badZone = try await api.request(.put, "/api/v1/sites/annex", json: broken)
            #expect(badZone.status == 400)
            #expect(badZone.body["field"] == "timezone", "\(badZone.text)")
            #expect(try await api.get("/api/v1/sites/annex").status == 404, "nothing of a refused site is kept")
            let stored = try await api.request(.put, "/api/v1/sites/annex", json: document)
            #expect(stored.status == 200, "\(stored.text)")
        }
        try await withRunningServer(dataDirectory: data) { server in
            let api = APIClient(baseURL: server.apiURL)
            let annex = try await api.get("/api/v1/sites/annex")
            #expect(annex.status == 200)
            #expect(annex.body["name"] == "Annex")
            #expect(try await api.get("/api/v1/sites").body["sites"]?[0]?["origin"] == "api")
        }
    }

    @Test("utility limit signals: a key scoped to its sites, 401/403 otherwise, 400 naming the field with nothing stored, idempotent retries, withdrawal, and a restart keeps them")
    func utilityLimitSignals() async throws {
        let data = try makeTemporaryDirectory()
        let folder = try Self.copyOfExampleSites()
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: data)
        }
        let limitId: String = try await withRunningServer(dataDirectory: data, configure: { $0.sitesDirectory = folder }) { server in
            let keys = APIKeyAdministration(store: server.server.store)
            let operatorKey = try await keys.add(role: .operator, name: "ops").key
            let officeUtility = try await keys.add(role: .utility, name: "dso", siteIds: ["office"])
            let garageUtility = try await keys.add(role: .utility, name: "other", siteIds: ["garage"]).key
            let api = APIClient(baseURL: server.apiURL, apiKey: officeUtility.key)
            let end = OCPPDateTime.format(Date() + 3600)
            let signal: JSONValue = ["importLimitKW": 40, "importLimitA": [60, 60, 60], "end": .string(end), "id": "evt-1", "source": "dso-north"]

            #expect(try await APIClient(baseURL: server.apiURL).post("/api/v1/sites/office/limits", signal).status == 401)
            #expect(try await APIClient(baseURL: server.apiURL, apiKey: garageUtility).post("/api/v1/sites/office/limits", signal).status == 403)
            #expect(try await api.get("/api/v1/stations").status == 403, "a utility key on an operator route")
            let site = try await api.get("/api/v1/sites/office")
            #expect(site.status == 200, "a utility reads its site")
            #expect(try await api.request(.put, "/api/v1/sites/office", json: site.body).status == 403, "but may not replace it")

            let bad: [(String, JSONValue)] = [
                ("end", ["importLimitKW": 40]),
                ("end", ["importLimitKW": 40, "end": "2001-01-01T00:00:00Z"]),
                ("end", ["importLimitKW": 40, "start": .string(end), "end": .string(end)]),
                ("importLimitKW", ["importLimitKW": -3, "end": .string(end)]),
                ("importLimitKW", ["end": .string(end)]),
                ("importLimitA", ["importLimitA": [60, 60], "end": .string(end)]),
                ("node", ["node": "no-such-node", "importLimitKW": 40, "end": .string(end)]),
                ("start", ["importLimitKW": 40, "start": "yesterday", "end": .string(end)]),
                ("limitKW", ["limitKW": 40, "end": .string(end)]),
                ("source", ["importLimitKW": 40, "end": .string(end), "source": "dso\u{1}"]),
            ]
            for (field, body) in bad {
                let reply = try await api.post("/api/v1/sites/office/limits", body)
                #expect(reply.status == 400, "\(body.serialized())")
                #expect(reply.body["field"]?.stringValue == field, "\(reply.text)")
            }
            #expect(try await api.get("/api/v1/sites/office/limits?include=all").body.arrayValue?.isEmpty == true, "nothing half-stored")

            let created = try await api.post("/api/v1/sites/office/limits", signal)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.body["node"] == "grid-connection", "the grid connection by default")
            #expect(created.body["status"] == "active")
            #expect(created.body["createdBy"]?.stringValue == officeUtility.record.id)
            let id = try #require(created.body["limitId"]?.stringValue)
            let retried = try await api.post("/api/v1/sites/office/limits", signal)
            #expect(retried.status == 200)
            #expect(retried.body["limitId"]?.stringValue == id)
            #expect(try await api.get("/api/v1/sites/office/limits").body.arrayValue?.count == 1)
            #expect(try await api.get("/api/v1/sites/office/limits/\(id)").body["importLimitA"] == [60, 60, 60])
            #expect(try await APIClient(baseURL: server.apiURL, apiKey: operatorKey).get("/api/v1/sites/garage/limits/\(id)").status == 404)

            let other = try await api.post("/api/v1/sites/office/limits", ["importLimitKW": 20, "end": .string(end), "node": "ev-board"])
            #expect(other.status == 201)
            let otherId = try #require(other.body["limitId"]?.stringValue)
            let withdrawn = try await api.delete("/api/v1/sites/office/limits/\(otherId)")
            #expect(withdrawn.status == 200)
            #expect(withdrawn.body["status"] == "withdrawn")
            #expect(try await api.get("/api/v1/sites/office/limits").body.arrayValue?.count == 1)
            #expect(try await api.get("/api/v1/sites/office/limits?include=all").body.arrayValue?.count == 2)
            return id
        }
        try await withRunningServer(dataDirectory: data, configure: { $0.sitesDirectory = folder }) { server in
            let api = APIClient(baseURL: server.apiURL, apiKey: try await APIKeyAdministration(store: server.server.store).add(role: .viewer, name: "viewer").key)
            let kept = try await api.get("/api/v1/sites/office/limits")
            #expect(kept.body.arrayValue?.compactMap { $0["limitId"]?.stringValue } == [limitId])
        }
    }
}
