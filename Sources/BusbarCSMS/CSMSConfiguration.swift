/// Behaviour an operator tunes without code: intervals the CSMS hands to stations.
public struct CSMSConfiguration: Sendable, Hashable {
    /// Heartbeat interval (s) sent with an Accepted BootNotification; 300 s keeps the clock in
    /// sync and the link alive behind NATs without flooding the CSMS (Part 4 §5.2).
    public var heartbeatInterval: Int
    /// Retry interval (s) sent with a Pending or Rejected BootNotification (B02.FR.01, B03.FR.01).
    public var bootRetryInterval: Int

    /// Creates a configuration with the defaults above.
    public init(heartbeatInterval: Int = 300, bootRetryInterval: Int = 30) {
        self.heartbeatInterval = heartbeatInterval
        self.bootRetryInterval = bootRetryInterval
    }
}
