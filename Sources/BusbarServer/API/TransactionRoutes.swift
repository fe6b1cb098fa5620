import BusbarStorage
import Hummingbird
import OCPP

/// `/api/v1/transactions`: what stations reported about charging sessions.
struct TransactionRoutes {
    let store: any CSMSStore

    func register(on router: Router<BasicRequestContext>) {
        let transactions = router.group("/api/v1/transactions")
        transactions.get { request, _ in
            let query = request.uri.queryParameters
            let stationId = query["stationId"].map(String.init)
            var active: Bool?
            if let text = query["active"] {
                guard let value = Bool(String(text)) else { throw APIError.invalid("must be true or false", field: "active") }
                active = value
            }
            let list = try await store.transactions(stationId: stationId, active: active)
            return JSONResponse.make(.array(list.map(Representations.transaction)))
        }
        transactions.get("{transactionId}") { request, context in
            let transactionId = try context.parameters.identifier("transactionId")
            var matches = try await store.transactions(withId: transactionId)
            if let stationId = request.uri.queryParameters["stationId"].map(String.init) {
                matches = matches.filter { $0.stationId == stationId }
            }
            guard let transaction = matches.first else { throw APIError.notFound("no transaction '\(transactionId)'") }
            if matches.count > 1 {
                throw APIError(
                    .conflict, code: "ambiguous", "\(matches.count) stations have a transaction '\(transactionId)'; add ?stationId=",
                    field: "stationId")
            }
            let events = try await store.transactionEvents(stationId: transaction.stationId, transactionId: transactionId)
            let meterValues = try await store.meterValues(stationId: transaction.stationId, transactionId: transactionId)
            return JSONResponse.make(Representations.transactionDetail(transaction, events: events, meterValues: meterValues))
        }
    }
}
