extension OCPPAction {
    /// Who sends this action's request (OCPP 2.0.1 Part 2, each message's "sent by" in §1 of its use case);
    /// lets the server answer a CALL from the wrong side with `NotSupported` instead of dispatching it.
    /// Hand-written (the schemas do not carry it); the exhaustive switch breaks the build when a new action appears.
    public var sender: OCPPRole {
        switch self {
        case .authorize, .bootNotification, .clearedChargingLimit, .firmwareStatusNotification,
            .get15118EVCertificate, .getCertificateStatus, .heartbeat, .logStatusNotification, .meterValues,
            .notifyChargingLimit, .notifyCustomerInformation, .notifyDisplayMessages, .notifyEVChargingNeeds,
            .notifyEVChargingSchedule, .notifyEvent, .notifyMonitoringReport, .notifyReport,
            .publishFirmwareStatusNotification, .reportChargingProfiles, .reservationStatusUpdate,
            .securityEventNotification, .signCertificate, .statusNotification, .transactionEvent:
            .chargingStation
        case .cancelReservation, .certificateSigned, .changeAvailability, .clearCache, .clearChargingProfile,
            .clearDisplayMessage, .clearVariableMonitoring, .costUpdated, .customerInformation, .deleteCertificate,
            .getBaseReport, .getChargingProfiles, .getCompositeSchedule, .getDisplayMessages,
            .getInstalledCertificateIds, .getLocalListVersion, .getLog, .getMonitoringReport, .getReport,
            .getTransactionStatus, .getVariables, .installCertificate, .publishFirmware, .requestStartTransaction,
            .requestStopTransaction, .reserveNow, .reset, .sendLocalList, .setChargingProfile, .setDisplayMessage,
            .setMonitoringBase, .setMonitoringLevel, .setNetworkProfile, .setVariableMonitoring, .setVariables,
            .triggerMessage, .unlockConnector, .unpublishFirmware, .updateFirmware:
            .csms
        case .dataTransfer:
            .both
        }
    }
}
