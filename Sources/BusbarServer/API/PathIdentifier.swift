import Hummingbird
import OCPP

extension Parameters {
    /// A percent-decoded path parameter that names a stored identifier (station id, idToken,
    /// transaction id). Refused with 400 naming the parameter when it holds a control character:
    /// no identifier holds one, and U+0000 would reach the store's lookup as its prefix
    /// (`DELETE …/TAG1%00junk` removed TAG1).
    func identifier(_ name: String) throws -> String {
        let value = try decoded(name)
        if let problem = ExactnessCheck.identifierProblem(value) {
            throw APIError.badRequest("path parameter '\(name)' \(problem)", field: name)
        }
        return value
    }
}
