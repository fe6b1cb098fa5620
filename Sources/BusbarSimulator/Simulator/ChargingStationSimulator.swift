import Foundation
import Logging
import OCPP

/// A charging station speaking OCPP-J 2.0.1 over a real WebSocket, for end-to-end tests, demos and
/// interop checks against the CSMS.
///
/// It sends typed or raw calls, answers every CSMS→station request with a schema-valid default
/// (overridable per action), records what the CSMS sent, and keeps OCPP's rule of one outstanding
/// station→CSMS call while still answering CSMS calls that arrive meanwhile.
public actor ChargingStationSimulator {
    /// The settings it was created with.
    public nonisolated let configuration: SimulatorConfiguration
    /// Shorthand for `configuration.stationId`.
    public nonisolated var stationId: String { configuration.stationId }
    let logger: Logger

    /// The WebSocket's state.
    public internal(set) var connectionState: ConnectionState = .disconnected
    var connection: StationConnection?
    private var reader: Task<Void, Never>?

    /// Everything the CSMS asked of this station, in arrival order.
    public internal(set) var receivedCalls: [ReceivedCall] = []
    var claimedCalls: Set<Int> = []
    var handlers: [String: CSMSRequestHandler] = [:]
    var rawInbox: [String] = []

    /// The in-memory device model GetVariables/SetVariables/GetBaseReport work on.
    public internal(set) var deviceModel: DeviceModel
    /// Connector status by EVSE and connector, as last reported with StatusNotification.
    public internal(set) var connectorStatus: [Int: [Int: ConnectorStatusEnumType]] = [:]
    /// Energy register per EVSE in Wh; monotonic, never reset by a transaction.
    public internal(set) var energyRegisterWh: [Int: Double] = [:]
    /// The charging profiles the CSMS set and the station holds (K01, K08–K10); meter values obey them.
    public internal(set) var chargingProfiles = InstalledChargingProfiles()
    /// The CSMS's answer to the last BootNotification.
    public internal(set) var lastBootResponse: BootNotificationResponse?
    var transactions: [String: TransactionState] = [:]
    var localListVersion = 0

    var waiters: [UInt64: PendingWaiter] = [:]
    var responseWaiters: [String: UInt64] = [:]
    private var nextWaiterId: UInt64 = 0
    private var callSlotBusy = false
    private var callSlotQueue: [CheckedContinuation<Void, Never>] = []

    /// Creates a simulator; nothing connects until `connect()`.
    public init(configuration: SimulatorConfiguration, logger: Logger? = nil) {
        self.configuration = configuration
        var logger = logger ?? Logger(label: "busbar.simulator")
        logger[metadataKey: "station"] = .string(configuration.stationId)
        self.logger = logger
        self.deviceModel = DeviceModel.standard(for: configuration)
        for evse in configuration.layout.evses {
            energyRegisterWh[evse.id] = 0
            connectorStatus[evse.id] = Dictionary(uniqueKeysWithValues: (1...max(evse.connectorCount, 1)).map { ($0, .available) })
        }
    }

    /// The most an EVSE may draw now, in A per phase, under the profiles it holds (K08); nil when none limits it.
    public func currentLimitA(evseId: Int, at date: Date = Date()) -> Double? {
        let transaction = transactions.values.first { $0.handle.evseId == evseId }?.handle.transactionId
        let phases = configuration.layout.evse(evseId)?.phases ?? 3
        return chargingProfiles.limitA(evseId: evseId, transactionId: transaction, phases: phases, at: date)
    }

    /// Sets a device model variable directly (a test preparing a station of another make).
    public func setDeviceModelValue(_ value: String, component: String, variable: String) {
        deviceModel.set(.init(component: component, variable: variable), to: value)
    }

    /// What the EV on an EVSE would draw if allowed (A per phase); nil: the EVSE's maximum.
    public internal(set) var evDemandA: [Int: Double] = [:]

    /// Sets what the EV on an EVSE draws at most (an EV tapering or with a small onboard charger).
    public func setEVDemand(evseId: Int, amps: Double?) {
        evDemandA[evseId] = amps
    }

    /// Loses every installed charging profile, as a station that was reset while offline.
    public func forgetChargingProfiles() {
        chargingProfiles = InstalledChargingProfiles()
    }

    // MARK: connection

    /// The configured connection, with the BasicAuthPassword a CSMS set (A01) in place of the
    /// configured password once there is one.
    private var connectionSettings: StationConnectionConfiguration {
        var settings = configuration.connection
        if let password = deviceModel.value(of: DeviceModelVariable.basicAuthPassword), !password.isEmpty {
            settings.password = password
        }
        return settings
    }

    /// Opens the WebSocket; throws `SimulatorError` (refused, upgrade rejected with its HTTP status, TLS, timeout).
    public func connect() async throws(SimulatorError) {
        switch connectionState {
        case .connected, .connecting:
            throw .invalidConfiguration("station \(stationId) is already connected or connecting")
        case .disconnected, .closed:
            break
        }
        connectionState = .connecting
        let opened: StationConnection
        do {
            opened = try await StationConnection.open(connectionSettings, logger: logger)
        } catch {
            connectionState = .closed(closeCode: nil, reason: nil, error: error)
            throw error
        }
        connection = opened
        connectionState = .connected
        logger.debug("connected", metadata: ["url": .string(configuration.connection.endpointURL)])
        reader = Task { [weak self] in
            for await event in opened.events {
                guard let self else { return }
                await self.handle(event)
            }
        }
    }

    /// Closes the WebSocket normally (close code 1000) and fails whatever was still waiting.
    public func disconnect() async {
        guard let connection else {
            connectionState = .disconnected
            return
        }
        await connection.close()
        await reader?.value
        self.connection = nil
        connectionState = .disconnected
        failAllWaiters(with: .connectionClosed(stationId: stationId, closeCode: 1000, reason: "disconnect() called"))
    }

    /// Drops the TCP connection without a close handshake (a station losing power or network).
    public func dropConnection() async {
        guard let connection else { return }
        await connection.abort()
        await reader?.value
        self.connection = nil
        connectionState = .disconnected
        failAllWaiters(with: .connectionClosed(stationId: stationId, closeCode: nil, reason: "connection dropped"))
    }

    /// Waits until the server closes the connection (tests of forced disconnects); returns the final state.
    public func waitUntilClosed(timeout: Duration = .seconds(10)) async throws(SimulatorError) -> ConnectionState {
        switch connectionState {
        case .closed, .disconnected: return connectionState
        case .connected, .connecting: break
        }
        let id = makeWaiterId()
        return try await suspend(id: id, timeout: timeout, operation: "waiting for station \(stationId) to be disconnected") {
            .closed($0)
        }
    }

    // MARK: calls

    /// Sends a typed request and returns the CSMS's typed response; a CALLERROR throws `.callError`.
    public func call<R: OCPPRequest>(_ request: R, timeout: Duration? = nil) async throws(SimulatorError) -> R.Response {
        let payload: JSONValue
        do {
            payload = try OCPPCoding.encode(request)
        } catch {
            throw .invalidConfiguration("cannot encode \(R.action.rawValue)Request: \(error)")
        }
        let response = try await call(action: R.action.rawValue, payload: payload, timeout: timeout)
        do {
            return try OCPPCoding.decode(R.Response.self, from: response)
        } catch {
            throw .protocolViolation(
                "CSMS answered \(R.action.rawValue) with a payload that is not a valid \(R.Response.self): \(error); "
                    + "payload: \(response.serialized().prefix(400))")
        }
    }

    /// Sends any action with a JSON payload and returns the CALLRESULT payload.
    public func call(action: String, payload: JSONValue, timeout: Duration? = nil) async throws(SimulatorError) -> JSONValue {
        if configuration.serializeCalls { await acquireCallSlot() }
        defer { if configuration.serializeCalls { releaseCallSlot() } }
        guard let connection else { throw notConnectedError() }
        let messageId = StationMessages.newMessageId()
        let frame = StationMessages.callFrame(messageId: messageId, action: action, payload: payload)
        let id = makeWaiterId()
        responseWaiters[messageId] = id
        logger.trace("→ \(frame)")
        return try await suspend(
            id: id, timeout: timeout ?? configuration.responseTimeout,
            operation: "waiting for the CSMS's answer to \(action) (message id \(messageId))"
        ) { continuation in
            Task { [weak self] in
                do {
                    try await connection.send(frame)
                } catch {
                    await self?.resolve(id, with: .failure(error))
                }
            }
            return .response(messageId: messageId, action: action, continuation)
        }
    }

    // MARK: raw frames

    /// Sends one text frame exactly as given (malformed frames for robustness tests).
    public func sendRaw(_ text: String) async throws(SimulatorError) {
        guard let connection else { throw notConnectedError() }
        logger.trace("→ raw \(text)")
        try await connection.send(text)
    }

    /// Sends one binary frame (OCPP-J uses text frames; Busbar reads a binary frame as UTF-8 JSON).
    public func sendRawBinary(_ bytes: [UInt8]) async throws(SimulatorError) {
        guard let connection else { throw notConnectedError() }
        try await connection.sendBinary(bytes)
    }

    /// The next frame not consumed by a pending typed call or the automatic answering of CSMS calls.
    ///
    /// Binary frames appear as `"<binary frame: N bytes>"`. Throws `.connectionClosed` when the server
    /// closes the socket, which is how a test sees a disconnect as the answer to bad input.
    public func nextRawFrame(timeout: Duration = .seconds(5)) async throws(SimulatorError) -> String {
        if !rawInbox.isEmpty { return rawInbox.removeFirst() }
        if connection == nil { throw notConnectedError() }
        let id = makeWaiterId()
        return try await suspend(id: id, timeout: timeout, operation: "waiting for a frame from the CSMS") { .rawFrame($0) }
    }

    /// Sends a raw frame and returns the next unclaimed frame the server sends back.
    public func sendRawAndAwaitReply(_ text: String, timeout: Duration = .seconds(5)) async throws(SimulatorError) -> String {
        try await sendRaw(text)
        return try await nextRawFrame(timeout: timeout)
    }

    /// Frames received but not yet read with `nextRawFrame`.
    public var unreadRawFrames: [String] { rawInbox }

    /// The error for using a socket that is gone: says whether the server closed it or it never opened.
    func notConnectedError() -> SimulatorError {
        if case .closed(let code, let reason, let error) = connectionState {
            return error ?? .connectionClosed(stationId: stationId, closeCode: code, reason: reason)
        }
        return .notConnected(stationId: stationId)
    }

    // MARK: waiter plumbing

    func makeWaiterId() -> UInt64 {
        nextWaiterId += 1
        return nextWaiterId
    }

    /// Parks the caller until `resolve(id, …)` or the timeout, whichever is first.
    func suspend<T: Sendable>(
        id: UInt64,
        timeout: Duration,
        operation: String,
        _ make: (CheckedContinuation<T, any Error>) -> PendingWaiter.Kind
    ) async throws(SimulatorError) -> T {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                let kind = make(continuation)
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return }
                    await self?.resolve(id, with: .failure(SimulatorError.timeout(operation: operation, seconds: timeout.seconds)))
                }
                waiters[id] = PendingWaiter(kind: kind, timer: timer)
            }
        } catch let error as SimulatorError {
            throw error
        } catch {
            throw .protocolViolation("\(operation): \(error)")
        }
    }

    /// Completes one waiter (no-op when it already completed).
    func resolve(_ id: UInt64, with outcome: PendingWaiter.Outcome) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        waiter.timer?.cancel()
        if case .response(let messageId, _, _) = waiter.kind { responseWaiters[messageId] = nil }
        waiter.complete(with: outcome)
    }

    func failAllWaiters(with error: SimulatorError) {
        for id in waiters.keys.sorted() { resolve(id, with: .failure(error)) }
    }

    private func acquireCallSlot() async {
        guard callSlotBusy else {
            callSlotBusy = true
            return
        }
        await withCheckedContinuation { callSlotQueue.append($0) }
    }

    private func releaseCallSlot() {
        if callSlotQueue.isEmpty {
            callSlotBusy = false
        } else {
            callSlotQueue.removeFirst().resume()
        }
    }
}
