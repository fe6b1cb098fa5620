import Foundation
import Yams

/// Reads site capacity files: YAML (or JSON) → the schema check → `Site` → the checks a schema
/// cannot express (unique names, valid time zone). Every error names the file, the field and why.
public enum SiteLoader {
    /// Loads and checks the site file at `path`.
    public static func load(path: String) throws(SiteFileError) -> Site {
        let file = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SiteFileError(file: file, path: "", reason: "cannot read the file (does it exist and is it UTF-8?)")
        }
        return try parse(text, file: file)
    }

    /// Parses and checks a site from YAML or JSON text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(SiteFileError) -> Site {
        let document: Any?
        do {
            // Times like 17:00 must stay strings: YAML 1.1 would read them as base-60 integers.
            document = try Yams.load(yaml: text, resolver)
        } catch {
            throw SiteFileError(file: file, path: "", reason: "not valid YAML: \(error)")
        }
        guard let document else { throw SiteFileError(file: file, path: "", reason: "the file is empty") }
        let plain = normalized(document)
        let problems = validator.validate(plain)
        if let first = problems.first {
            let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
            throw SiteFileError(file: file, path: first.path, reason: first.reason + more)
        }
        let site: Site
        do {
            let data = try JSONSerialization.data(withJSONObject: plain)
            site = try JSONDecoder().decode(Site.self, from: data)
        } catch {
            throw SiteFileError(file: file, path: "", reason: "does not match the site model: \(error)")
        }
        try check(site, file: file)
        return site
    }

    /// Loads every `*.yaml`/`*.yml` site file in a directory, sorted by name.
    public static func loadDirectory(_ directory: String) throws(SiteFileError) -> [Site] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasSuffix(".yaml") || $0.hasSuffix(".yml")
        }.sorted()
        var sites: [Site] = []
        for name in names { sites.append(try load(path: (directory as NSString).appendingPathComponent(name))) }
        return sites
    }

    private static let validator: JSONSchemaValidator = {
        do { return try JSONSchemaValidator(schemaData: Data(SiteSchema.json.utf8)) } catch { fatalError("\(error)") }
    }()

    private static let resolver: Resolver = {
        let integer = try! Resolver.Rule(.int, "^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")
        let float = try! Resolver.Rule(
            .float,
            "^(?:[-+]?(?:[0-9][0-9_]*)(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
        )
        return Resolver.default.removing(.int).removing(.float).removing(.timestamp).appending(integer).appending(float)
    }()

    static func normalized(_ value: Any) -> Any {
        switch value {
        case let dictionary as [AnyHashable: Any]:
            var result: [String: Any] = [:]
            for (key, child) in dictionary { result["\(key.base)"] = normalized(child) }
            return result
        case let dictionary as [String: Any]: return dictionary.mapValues(normalized)
        case let array as [Any]: return array.map(normalized)
        default: return value
        }
    }

    private static func check(_ site: Site, file: String) throws(SiteFileError) {
        guard TimeZone(identifier: site.timezone) != nil else {
            throw SiteFileError(
                file: file, path: "timezone", reason: "\"\(site.timezone)\" is not an IANA time zone (e.g. Europe/Amsterdam)")
        }
        var names: Set<String> = []
        var stations: Set<String> = []
        func walk(_ node: SiteNode, _ path: String) throws(SiteFileError) {
            guard names.insert(node.name).inserted else {
                throw SiteFileError(
                    file: file, path: path + ".name", reason: "node name \"\(node.name)\" is used twice; names must be unique")
            }
            if (node.kind == "transformer") != (node.transformer != nil) {
                throw SiteFileError(
                    file: file, path: path + ".transformer",
                    reason: "a node of kind transformer needs transformer data, and only such a node may have it")
            }
            for (index, schedule) in (node.schedules ?? []).enumerated() where schedule.limitA == nil && schedule.limitKW == nil {
                _ = schedule
                throw SiteFileError(file: file, path: "\(path).schedules[\(index)]", reason: "a schedule needs limitA or limitKW")
            }
            for (index, station) in (node.stations ?? []).enumerated() {
                guard stations.insert(station.id).inserted else {
                    throw SiteFileError(file: file, path: "\(path).stations[\(index)].id", reason: "station \(station.id) appears twice")
                }
                var ids: Set<Int> = []
                for (evseIndex, evse) in station.evses.enumerated() where !ids.insert(evse.id).inserted {
                    throw SiteFileError(
                        file: file, path: "\(path).stations[\(index)].evses[\(evseIndex)].id", reason: "EVSE id \(evse.id) appears twice")
                }
            }
            for (index, child) in (node.children ?? []).enumerated() { try walk(child, "\(path).children[\(index)]") }
        }
        try walk(site.grid, "grid")
    }
}
