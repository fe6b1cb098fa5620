import Foundation

/// One OCPP-J frame as sent or received, for troubleshooting; logged best-effort, never acknowledged.
public struct FrameLogRecord: Codable, Sendable, Hashable {
    /// Assigned by the store; increases with arrival order.
    public var id: Int64?
    /// The station on the other end.
    public var stationId: String
    /// In or out.
    public var direction: FrameDirection
    /// The frame text, cut to the store's configured maximum.
    public var text: String
    /// When the frame crossed the socket.
    public var at: Date

    /// Makes a frame record.
    public init(id: Int64? = nil, stationId: String, direction: FrameDirection, text: String, at: Date = Date()) {
        self.id = id
        self.stationId = stationId
        self.direction = direction
        self.text = text
        self.at = at
    }
}
