import BusbarEnergy
import BusbarStorage
import Foundation
import Logging

/// The sites in force: loaded from the capacity files of `--sites DIR` and from the documents
/// written through `PUT /api/v1/sites/{id}` (stored, so a restart keeps them), the most recent
/// edit winning. Files are re-read when they change; a broken edit is refused, the site already
/// in force stays, and the error is logged and shown by `GET /api/v1/sites`.
actor SiteRegistry: SiteDirectory {
    /// A site and where its description came from.
    struct Entry: Sendable {
        var site: Site
        /// The file name in the sites directory, or nil for a document written through the API.
        var file: String?
        /// When this description was written (the file's modification time or the PUT).
        var updatedAt: Date
    }

    private struct FileStamp: Equatable {
        var modified: Date
        var size: Int
    }

    private let directory: String?
    private let store: any SiteDocumentStore
    private let logger: Logger
    private var entries: [String: Entry] = [:]
    private var stamps: [String: FileStamp] = [:]
    /// Broken files, by file name: the error of the last read that failed.
    private(set) var fileErrors: [String: SiteFileError] = [:]
    private var observers: [@Sendable (String) async -> Void] = []

    /// Makes an empty registry; `load()` reads the sites.
    init(directory: String?, store: any SiteDocumentStore, logger: Logger) {
        self.directory = directory
        self.store = store
        self.logger = logger
    }

    /// Every site in force, by id.
    func allSites() -> [Entry] { entries.values.sorted { $0.site.id < $1.site.id } }

    /// The site with this id, or nil.
    func entry(_ id: String) -> Entry? { entries[id] }

    /// Registers a callback run (after the change is in force) with the id of a site whose
    /// description or limit signals changed: the planner re-plans it.
    func onChange(_ observer: @escaping @Sendable (String) async -> Void) { observers.append(observer) }

    func nodeNames(ofSite siteId: String) -> [String]? {
        guard let site = entries[siteId]?.site else { return nil }
        var names: [String] = []
        func walk(_ node: SiteNode) {
            names.append(node.name)
            node.children?.forEach(walk)
        }
        walk(site.grid)
        return names
    }

    func limitsChanged(siteId: String) async { await notify(siteId) }

    /// Checks and stores a site sent through the API (JSON text), then puts it in force.
    func put(document text: String, id: String, keyId: String?) async throws -> Entry {
        let site: Site
        do {
            site = try SiteLoader.parse(text, file: "request")
        } catch {
            throw APIError.badRequest("\(error.reason)", field: error.path.isEmpty ? "body" : error.path)
        }
        guard site.id == id else {
            throw APIError.badRequest("is '\(site.id)' but the path names site '\(id)'; they must be equal", field: "id")
        }
        let stored: SiteDocumentRecord
        do {
            stored = try await store.putSiteDocument(SiteDocumentRecord(id: id, document: text, updatedByKeyId: keyId))
        } catch {
            throw APIError.from(error)
        }
        let entry = Entry(site: site, file: nil, updatedAt: stored.updatedAt)
        entries[id] = entry
        logger.info("site replaced through the API", metadata: ["site": "\(id)", "key": "\(keyId ?? "-")"])
        await notify(id)
        return entry
    }

    /// Re-reads the files whose modification time or size changed since the last look.
    func rescan() async {
        guard let directory else { return }
        let current = Self.stampFiles(in: directory)
        var changed: [String] = []
        for (name, stamp) in current where stamps[name] != stamp {
            stamps[name] = stamp
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                let site = try SiteLoader.load(path: path)
                fileErrors[name] = nil
                if let existing = entries[site.id], existing.file != name, existing.file != nil {
                    let error = SiteFileError(file: name, path: "id", reason: "site '\(site.id)' is already described by \(existing.file!)")
                    fileErrors[name] = error
                    logger.error("site file refused; the site in force stays", metadata: ["error": "\(error)"])
                    continue
                }
                entries[site.id] = Entry(site: site, file: name, updatedAt: stamp.modified)
                logger.info("site file reloaded", metadata: ["site": "\(site.id)", "file": "\(name)"])
                changed.append(site.id)
            } catch {
                fileErrors[name] = error
                logger.error("site file refused; the site in force stays", metadata: ["error": "\(error)"])
            }
        }
        for name in stamps.keys where current[name] == nil {
            stamps[name] = nil
            fileErrors[name] = nil
            if let (id, _) = entries.first(where: { $0.value.file == name }) {
                entries[id] = nil
                logger.warning("site file removed; the site is no longer planned", metadata: ["site": "\(id)", "file": "\(name)"])
                changed.append(id)
            }
        }
        for id in changed { await notify(id) }
    }

    /// Loads every site. A broken file at start is an error (the server does not start with a
    /// site it cannot read), naming the file, the field and why.
    func load() async throws {
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw SiteFileError(file: directory, path: "", reason: "the sites directory does not exist (--sites)")
            }
            stamps = Self.stampFiles(in: directory)
            for name in stamps.keys.sorted() {
                let site = try SiteLoader.load(path: (directory as NSString).appendingPathComponent(name))
                if let existing = entries[site.id] {
                    throw SiteFileError(file: name, path: "id", reason: "site '\(site.id)' is already described by \(existing.file ?? "?")")
                }
                entries[site.id] = Entry(site: site, file: name, updatedAt: stamps[name]!.modified)
            }
        }
        for document in try await store.siteDocuments() {
            guard entries[document.id].map({ $0.updatedAt < document.updatedAt }) ?? true else { continue }
            do {
                let site = try SiteLoader.parse(document.document, file: "stored site \(document.id)")
                entries[document.id] = Entry(site: site, file: nil, updatedAt: document.updatedAt)
            } catch {
                logger.error("a stored site no longer passes the site schema; it is not planned", metadata: ["error": "\(error)"])
            }
        }
        logger.info("sites loaded", metadata: ["sites": "\(entries.keys.sorted().joined(separator: ","))"])
    }

    private func notify(_ id: String) async {
        for observer in observers { await observer(id) }
    }

    private static func stampFiles(in directory: String) -> [String: FileStamp] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasSuffix(".yaml") || $0.hasSuffix(".yml")
        }
        var stamps: [String: FileStamp] = [:]
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            stamps[name] = FileStamp(
                modified: attributes[.modificationDate] as? Date ?? .distantPast, size: (attributes[.size] as? Int) ?? 0)
        }
        return stamps
    }
}
