import OCPP

/// P01 — a station sends vendor-specific data; unknown vendors get UnknownVendorId.
struct DataTransferHandler: CallHandler {
    let services: CSMSServices

    func handle(_ request: DataTransferRequest, context: StationContext) async throws -> DataTransferResponse {
        guard let handler = services.dataTransfer.handler(for: request.vendorId) else {
            return DataTransferResponse(status: .unknownVendorId)
        }
        return try await handler(request, context)
    }
}
