import BusbarStorage
import Foundation
import OCPP

/// The operator's commands on stations and id tokens, shared by the HTTP API and the CLI so that
/// both apply the same rules before anything is written.
public struct StationAdministration: Sendable {
    /// A station to register.
    public struct NewStation: Sendable {
        public var id: String
        public var password: String?
        public var securityProfile: Int
        public var bootPolicy: BootPolicy

        /// Describes a station; profile 1 with Basic auth and Accepted boots by default.
        public init(id: String, password: String? = nil, securityProfile: Int = 1, bootPolicy: BootPolicy = .accepted) {
            self.id = id
            self.password = password
            self.securityProfile = securityProfile
            self.bootPolicy = bootPolicy
        }
    }

    /// Changes to a registered station; nil leaves a field as it is.
    public struct StationChanges: Sendable {
        public var password: String?
        public var securityProfile: Int?
        public var bootPolicy: BootPolicy?

        /// Describes changes.
        public init(password: String? = nil, securityProfile: Int? = nil, bootPolicy: BootPolicy? = nil) {
            self.password = password
            self.securityProfile = securityProfile
            self.bootPolicy = bootPolicy
        }
    }

    let store: any CSMSStore
    let hasher: PasswordHasher

    /// Creates the command set over a store.
    public init(store: any CSMSStore, hasher: PasswordHasher = .init()) {
        self.store = store
        self.hasher = hasher
    }

    /// Registers a station (409 when it exists). Re-adding a decommissioned id puts that station
    /// back in service with the credentials and boot policy given, keeping its history: the id
    /// is the station's identity, and its transactions stay attached to it. To reuse an id for
    /// a station without that history, purge the old one's data first.
    public func addStation(_ new: NewStation) async throws(OperatorError) -> StationRecord {
        if let problem = StationIdentity.problem(with: new.id) { throw OperatorError(.invalid, field: "id", problem) }
        try Self.checkProfile(new.securityProfile)
        if let password = new.password, let problem = StationIdentity.passwordProblem(password) {
            throw OperatorError(.invalid, field: "password", problem)
        }
        if new.securityProfile < 3, new.password == nil {
            throw OperatorError(.invalid, field: "password", "security profiles 1 and 2 authenticate with HTTP Basic: give a password")
        }
        let now = Date()
        let record = StationRecord(
            id: new.id, passwordHash: new.password.map(hasher.hash), securityProfile: new.securityProfile,
            bootPolicy: new.bootPolicy, createdAt: now, updatedAt: now)
        do {
            return try await store.createStation(record)
        } catch  where error.code == .conflict {
            return try await recommission(record)
        } catch {
            throw OperatorError(.storage, "could not store station '\(new.id)': \(error)")
        }
    }

    private func recommission(_ record: StationRecord) async throws(OperatorError) -> StationRecord {
        do {
            return try await store.recommissionStation(record)
        } catch  where error.code == .conflict || error.code == .notFound {
            throw OperatorError(.conflict, field: "id", "station '\(record.id)' already exists")
        } catch {
            throw OperatorError(.storage, "could not store station '\(record.id)': \(error)")
        }
    }

    /// Changes a station's password, profile or boot policy.
    public func updateStation(id: String, _ changes: StationChanges) async throws(OperatorError) -> StationRecord {
        if let profile = changes.securityProfile { try Self.checkProfile(profile) }
        if let password = changes.password, let problem = StationIdentity.passwordProblem(password) {
            throw OperatorError(.invalid, field: "password", problem)
        }
        let hash = changes.password.map(hasher.hash)
        do {
            return try await store.updateStation(id: id) { station in
                if let hash { station.passwordHash = hash }
                if let profile = changes.securityProfile { station.securityProfile = profile }
                if let policy = changes.bootPolicy { station.bootPolicy = policy }
                station.updatedAt = Date()
            }
        } catch  where error.code == .notFound {
            throw OperatorError(.notFound, "station '\(id)' is not registered")
        } catch  where error.code == .conflict {
            throw OperatorError(
                .conflict, "station '\(id)' is decommissioned; re-add it (POST /api/v1/stations) to put it back in service")
        } catch {
            throw OperatorError(.storage, "could not update station '\(id)': \(error)")
        }
    }

    /// Takes a station out of service: it can no longer connect, and its transactions, meter
    /// values and events stay (billing and audit records outlive the station).
    public func decommissionStation(id: String) async throws(OperatorError) -> StationRecord {
        do {
            return try await store.decommissionStation(id: id)
        } catch  where error.code == .notFound {
            throw OperatorError(.notFound, "station '\(id)' is not registered")
        } catch  where error.code == .conflict {
            throw OperatorError(.conflict, "station '\(id)' is already decommissioned")
        } catch {
            throw OperatorError(.storage, "could not decommission station '\(id)': \(error)")
        }
    }

    /// Deletes a decommissioned station and everything stored about it — transactions, meter
    /// values, events, frames. Only after decommissioning, so that no single call loses billing
    /// records of a station in service.
    public func purgeStation(id: String) async throws(OperatorError) {
        let station: StationRecord?
        do {
            station = try await store.station(id: id)
        } catch {
            throw OperatorError(.storage, "could not read station '\(id)': \(error)")
        }
        guard let station else { throw OperatorError(.notFound, "station '\(id)' is not registered") }
        guard station.isDecommissioned else {
            throw OperatorError(.conflict, "station '\(id)' is in service; decommission it first (DELETE /api/v1/stations/\(id))")
        }
        do {
            try await store.deleteStation(id: id)
        } catch  where error.code == .notFound {
            throw OperatorError(.notFound, "station '\(id)' is not registered")
        } catch {
            throw OperatorError(.storage, "could not purge station '\(id)': \(error)")
        }
    }

    /// Adds or replaces an id token in the operator's list.
    public func putIdToken(idToken: String, type: String, status: String, expiresAt: Date?, groupId: String?) async throws(OperatorError)
        -> IdTokenRecord
    {
        if idToken.isEmpty || idToken.count > 36 {
            throw OperatorError(.invalid, field: "idToken", "must be 1 to 36 characters (IdTokenType.idToken)")
        }
        if let problem = ExactnessCheck.identifierProblem(idToken) { throw OperatorError(.invalid, field: "idToken", problem) }
        guard IdTokenEnumType(rawValue: type) != nil else {
            throw OperatorError(
                .invalid, field: "type",
                "'\(type)' is not an IdTokenEnumType; use one of \(IdTokenEnumType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard AuthorizationStatusEnumType(rawValue: status) != nil else {
            throw OperatorError(
                .invalid, field: "status",
                "'\(status)' is not an AuthorizationStatusEnumType; use one of \(AuthorizationStatusEnumType.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if let groupId, groupId.isEmpty || groupId.count > 36 {
            throw OperatorError(.invalid, field: "groupId", "must be 1 to 36 characters (groupIdToken.idToken)")
        }
        if let groupId, let problem = ExactnessCheck.identifierProblem(groupId) {
            throw OperatorError(.invalid, field: "groupId", problem)
        }
        let record = IdTokenRecord(idToken: idToken, type: type, status: status, expiresAt: expiresAt, groupId: groupId, createdAt: Date())
        do {
            _ = try await store.upsertIdToken(record)
        } catch {
            throw OperatorError(.storage, "could not store id token: \(error)")
        }
        return record
    }

    /// Removes an id token.
    public func deleteIdToken(idToken: String, type: String) async throws(OperatorError) {
        do {
            try await store.deleteIdToken(idToken, type: type)
        } catch  where error.code == .notFound {
            throw OperatorError(.notFound, "id token \(type)/\(idToken) is not in the list")
        } catch {
            throw OperatorError(.storage, "could not delete id token: \(error)")
        }
    }

    private static func checkProfile(_ profile: Int) throws(OperatorError) {
        guard (1...3).contains(profile) else {
            throw OperatorError(
                .invalid, field: "securityProfile", "must be 1 (Basic auth), 2 (TLS + Basic auth) or 3 (TLS client certificate)")
        }
    }
}
