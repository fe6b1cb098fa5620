import Foundation

/// A complex number for AC currents: the physics of a three-phase site is linear in phasors.
public struct Phasor: Sendable, Hashable {
    /// Real part (A).
    public var re: Double
    /// Imaginary part (A).
    public var im: Double

    /// Creates a phasor from its parts.
    public init(re: Double, im: Double) {
        self.re = re
        self.im = im
    }

    /// A phasor of `magnitude` at `degrees`.
    public init(magnitude: Double, degrees: Double) {
        let radians = degrees * .pi / 180
        self.init(re: magnitude * cos(radians), im: magnitude * sin(radians))
    }

    /// Zero current.
    public static let zero = Phasor(re: 0, im: 0)
    /// The magnitude (A).
    public var magnitude: Double { (re * re + im * im).squareRoot() }

    /// Sum.
    public static func + (a: Phasor, b: Phasor) -> Phasor { Phasor(re: a.re + b.re, im: a.im + b.im) }
    /// Difference.
    public static func - (a: Phasor, b: Phasor) -> Phasor { Phasor(re: a.re - b.re, im: a.im - b.im) }
    /// Scaling.
    public static func * (a: Phasor, k: Double) -> Phasor { Phasor(re: a.re * k, im: a.im * k) }
    /// Product.
    public static func * (a: Phasor, b: Phasor) -> Phasor {
        Phasor(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re)
    }
    /// Projection on the unit direction at `radians`: what one side of an inscribed polygon bounds.
    public func projected(on radians: Double) -> Double { re * cos(radians) + im * sin(radians) }
}
