import BusbarStorage
import Logging
import OCPP

/// The CSMS domain assembled: every station→CSMS use case behind one dispatcher, plus the
/// operator's commands. Transport-agnostic: the server feeds it CALLs and sends what it returns.
public struct CSMS: Sendable {
    /// Shared services (store, events, configuration).
    public let services: CSMSServices
    /// Routes station CALLs to their use cases.
    public let dispatcher: CallDispatcher
    /// Operator commands on stations and tokens.
    public let administration: StationAdministration
    /// Checks station passwords at connection time.
    public let hasher: PasswordHasher

    /// Wires every use case this CSMS supports.
    public init(services: CSMSServices, hasher: PasswordHasher = .init(), logger: Logger) {
        self.services = services
        self.hasher = hasher
        self.administration = StationAdministration(store: services.store, hasher: hasher)
        let authorizer = TokenAuthorizer(services: services)
        var dispatcher = CallDispatcher()
        dispatcher.register(BootNotificationHandler(services: services))
        dispatcher.register(HeartbeatHandler())
        dispatcher.register(StatusNotificationHandler(services: services))
        dispatcher.register(AuthorizeHandler(authorizer: authorizer))
        dispatcher.register(TransactionEventHandler(services: services, authorizer: authorizer, logger: logger))
        dispatcher.register(MeterValuesHandler(services: services))
        dispatcher.register(NotifyEventHandler(services: services))
        dispatcher.register(SecurityEventNotificationHandler(services: services))
        dispatcher.register(NotifyReportHandler(services: services))
        dispatcher.register(DataTransferHandler(services: services))
        Self.registerNotifications(in: &dispatcher, services: services)
        self.dispatcher = dispatcher
    }

    /// Notifications that are stored and acknowledged with a fixed answer.
    private static func registerNotifications(in dispatcher: inout CallDispatcher, services: CSMSServices) {
        dispatcher.register(RecordedNotificationHandler<FirmwareStatusNotificationRequest>(services: services) { _, _ in .init() })
        dispatcher.register(RecordedNotificationHandler<LogStatusNotificationRequest>(services: services) { _, _ in .init() })
        dispatcher.register(RecordedNotificationHandler<PublishFirmwareStatusNotificationRequest>(services: services) { _, _ in .init() })
        dispatcher.register(RecordedNotificationHandler<NotifyChargingLimitRequest>(services: services) { _, _ in .init() })
        dispatcher.register(RecordedNotificationHandler<ClearedChargingLimitRequest>(services: services) { _, _ in .init() })
        // K09: what a station reports it holds goes to the energy manager's reconciliation.
        dispatcher.register(
            RecordedNotificationHandler<ReportChargingProfilesRequest>(
                services: services, respond: { _, _ in .init() },
                onStored: { request, context in
                    services.events.publish(.chargingProfilesReported(stationId: context.stationId, request: request))
                }))
        dispatcher.register(RecordedNotificationHandler<ReservationStatusUpdateRequest>(services: services) { _, _ in .init() })
        dispatcher.register(RecordedNotificationHandler<NotifyDisplayMessagesRequest>(services: services) { _, _ in .init() })
        dispatcher.register(RecordedNotificationHandler<NotifyCustomerInformationRequest>(services: services) { _, _ in .init() })
        dispatcher.register(RecordedNotificationHandler<NotifyMonitoringReportRequest>(services: services) { _, _ in .init() })
        // K17: the EV's schedule is noted; the energy manager decides whether to re-plan.
        dispatcher.register(
            RecordedNotificationHandler<NotifyEVChargingScheduleRequest>(services: services) { _, _ in .init(status: .accepted) })
        // K15: charging needs go to the energy manager through the event bus; until it exists
        // nothing will produce a schedule, so answer Accepted without promising one.
        dispatcher.register(
            RecordedNotificationHandler<NotifyEVChargingNeedsRequest>(
                services: services, respond: { _, _ in .init(status: .accepted) },
                onStored: { request, context in services.events.publish(.evChargingNeeds(stationId: context.stationId, request: request)) })
        )
    }
}
