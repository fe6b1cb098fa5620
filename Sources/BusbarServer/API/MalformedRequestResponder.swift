import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import OCPP

/// Answers a request the HTTP parser refused with a JSON error, where Hummingbird would write a
/// bare `400` with no body: `431` when the header block is over the decoder's limit (RFC 6585 §5),
/// `400` for any other malformed request. It sits after the HTTP codec, catches the parser's
/// error before the request loop sees it, writes the answer and closes the connection (the
/// parser cannot resynchronise on the byte stream after an error).
final class MalformedRequestResponder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    /// Largest header block accepted (all fields together): 16 KiB is far beyond any API
    /// client's, and keeps what a connection can make the server hold small.
    static let maxHeaderBytes = 16 * 1024

    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !answered else { return }
        answered = true
        let (status, code, message) = Self.answer(for: parserError)
        let body = ByteBuffer(
            string: JSONValue.object(["error": .string(code), "message": .string(message)]).serialized())
        let head = HTTPResponse(
            status: status,
            headerFields: [.contentType: "application/json; charset=utf-8", .contentLength: "\(body.readableBytes)", .connection: "close"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }

    /// The status, error code and message for a parser error.
    static func answer(for error: HTTPParserError) -> (HTTPResponse.Status, String, String) {
        switch error {
        case .headerOverflow:
            return (
                .requestHeaderFieldsTooLarge, "headers_too_large",
                "the request's header fields exceed \(maxHeaderBytes) bytes; send fewer or shorter headers"
            )
        default:
            return (.badRequest, "malformed_request", "the request is not valid HTTP/1.1 (\(error)); the connection is closed")
        }
    }
}
