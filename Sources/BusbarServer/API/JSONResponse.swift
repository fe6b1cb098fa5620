import Hummingbird
import NIOCore
import OCPP

/// Builds JSON responses from `JSONValue`, the same value type the OCPP layer uses, so API
/// output and OCPP payloads serialize identically.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }
}
