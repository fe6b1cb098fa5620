import BusbarCSMS
import BusbarStorage
import Hummingbird
import OCPP

/// `/api/v1/id-tokens`: the operator's list of tokens that Authorize answers from.
struct IdTokenRoutes {
    let administration: StationAdministration
    let store: any CSMSStore

    func register(on router: Router<BasicRequestContext>) {
        let tokens = router.group("/api/v1/id-tokens")
        tokens.post { request, context in
            let body = try await JSONRequestBody.read(request, context: context)
            try body.allowOnly(["idToken", "type", "status", "expiresAt", "groupId"])
            let idToken = try body.string("idToken", required: true) ?? ""
            let type = try body.string("type", required: true) ?? ""
            let status = try body.string("status") ?? "Accepted"
            let expiresAt = try body.date("expiresAt")
            let groupId = try body.string("groupId")
            let token = try await run {
                try await administration.putIdToken(idToken: idToken, type: type, status: status, expiresAt: expiresAt, groupId: groupId)
            }
            return JSONResponse.make(Representations.idToken(token), status: .created)
        }
        tokens.get { _, _ in
            JSONResponse.make(.array(try await store.idTokens().map(Representations.idToken)))
        }
        tokens.delete("{type}/{idToken}") { _, context in
            let type = try context.parameters.identifier("type")
            let idToken = try context.parameters.identifier("idToken")
            try await run { try await administration.deleteIdToken(idToken: idToken, type: type) }
            return Response(status: .noContent)
        }
    }
}
