import BusbarCSMS
import Testing

@testable import BusbarServer

/// The operator API's request rules and role grants as pure functions, without sockets.
@Suite("API request policy")
struct APIRequestPolicyTests {
    @Test(
        "browser origins: only the API's own origin passes; Sec-Fetch-Site cross-site and same-site are refused",
        arguments: [
            (nil, nil, "127.0.0.1:8080", true),
            ("http://127.0.0.1:8080", nil, "127.0.0.1:8080", true),
            ("HTTP://LOCALHOST:8080", nil, "localhost:8080", true),
            ("http://[::1]:8080", nil, "[::1]:8080", true),
            ("https://csms.example", nil, "csms.example", true),
            ("http://evil.example", nil, "127.0.0.1:8080", false),
            ("http://127.0.0.1:3000", nil, "127.0.0.1:8080", false),
            ("null", nil, "127.0.0.1:8080", false),
            ("http://127.0.0.1:8080/path", nil, "127.0.0.1:8080", false),
            (nil, "cross-site", "127.0.0.1:8080", false),
            (nil, "same-site", "127.0.0.1:8080", false),
            (nil, "same-origin", "127.0.0.1:8080", true),
            (nil, "none", "127.0.0.1:8080", true),
        ] as [(String?, String?, String, Bool)])
    func origins(origin: String?, site: String?, host: String, allowed: Bool) {
        let refusal = APIRequestPolicy.originRefusal(origin: origin, secFetchSite: site, host: host, requireLoopbackHost: false)
        #expect((refusal == nil) == allowed, "\(refusal ?? "allowed")")
    }

    @Test("with no key, only loopback Host names are served (DNS rebinding)")
    func loopbackHostInOpenMode() {
        for host in ["127.0.0.1:8080", "localhost", "[::1]:8080", "127.1.2.3:9", "api.localhost:8080"] {
            #expect(APIRequestPolicy.originRefusal(origin: nil, secFetchSite: nil, host: host, requireLoopbackHost: true) == nil, "\(host)")
        }
        for host in ["evil.example:8080", "192.168.1.10:8080", "127.0.0.1.evil.example", "", "0.0.0.0:8080"] {
            #expect(APIRequestPolicy.originRefusal(origin: nil, secFetchSite: nil, host: host, requireLoopbackHost: true) != nil, "\(host)")
        }
        #expect(APIRequestPolicy.originRefusal(origin: nil, secFetchSite: nil, host: nil, requireLoopbackHost: true) != nil)
    }

    @Test("a body needs application/json (any case, parameters allowed, charset UTF-8 only); no body needs nothing")
    func mediaTypes() {
        for good in ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\"", "application/json; v=1"] {
            #expect(APIRequestPolicy.mediaTypeRefusal(contentType: good, hasBody: true) == nil, "\(good)")
        }
        for bad in [
            "text/plain", "application/jsonx", "application/x-www-form-urlencoded", "multipart/form-data",
            "application/json; charset=utf-16",
        ] {
            #expect(APIRequestPolicy.mediaTypeRefusal(contentType: bad, hasBody: true) != nil, "\(bad)")
        }
        #expect(APIRequestPolicy.mediaTypeRefusal(contentType: nil, hasBody: true) != nil)
        #expect(APIRequestPolicy.mediaTypeRefusal(contentType: nil, hasBody: false) == nil)
        #expect(APIRequestPolicy.mediaTypeRefusal(contentType: "text/plain", hasBody: false) == nil)
    }

    @Test("paths map to what they need: healthz nothing, sites their site, everything else the operator scope")
    func scopes() {
        #expect(APIRequestPolicy.scope(ofPath: "/healthz") == nil)
        #expect(APIRequestPolicy.scope(ofPath: "/metrics") == .metrics)
        #expect(APIRequestPolicy.scope(ofPath: "/api/v1/openapi.json") == .description)
        #expect(APIRequestPolicy.scope(ofPath: "/api/v1/sites/SITE%2D1/limits") == .site("SITE-1"))
        #expect(APIRequestPolicy.scope(ofPath: "/api/v1/sites/SITE-1/limits/lim_1") == .site("SITE-1"))
        #expect(APIRequestPolicy.scope(ofPath: "/api/v1/sites/SITE-1") == .siteView("SITE-1"))
        #expect(APIRequestPolicy.scope(ofPath: "/api/v1/sites/SITE-1/plan") == .siteView("SITE-1"))
        #expect(APIRequestPolicy.scope(ofPath: "/api/v1/sites") == .operations)
        #expect(APIRequestPolicy.scope(ofPath: "/api/v1/stations") == .operations)
        #expect(APIRequestPolicy.scope(ofPath: "/whatever") == .operations)
    }

    @Test("bearer tokens are read case-insensitively and nothing else passes for one")
    func bearerTokens() {
        #expect(APIRequestPolicy.bearerToken("Bearer bbk_abc") == "bbk_abc")
        #expect(APIRequestPolicy.bearerToken("bearer   bbk_abc ") == "bbk_abc")
        #expect(APIRequestPolicy.bearerToken("Basic dXNlcjpwYXNz") == nil)
        #expect(APIRequestPolicy.bearerToken("Bearer") == nil)
        #expect(APIRequestPolicy.bearerToken(nil) == nil)
    }

    @Test("roles: operator does all, viewer reads all, utility only its own sites and the document")
    func grants() {
        let operatorGrant = APIGrant(role: .operator)
        let viewer = APIGrant(role: .viewer)
        let utility = APIGrant(role: .utility, siteIds: ["SITE-1"])
        for scope in [APIScope.operations, .metrics, .description, .site("SITE-9"), .siteView("SITE-9")] {
            #expect(operatorGrant.refusal(for: scope, changes: true) == nil)
            #expect(viewer.refusal(for: scope, changes: false) == nil)
            #expect(viewer.refusal(for: scope, changes: true) != nil)
        }
        #expect(utility.refusal(for: .site("SITE-1"), changes: true) == nil)
        #expect(utility.refusal(for: .site("SITE-2"), changes: false) != nil)
        #expect(utility.refusal(for: .siteView("SITE-1"), changes: false) == nil)
        #expect(utility.refusal(for: .siteView("SITE-1"), changes: true) != nil, "a utility may not replace its site's description")
        #expect(utility.refusal(for: .siteView("SITE-2"), changes: false) != nil)
        #expect(utility.refusal(for: .operations, changes: false) != nil)
        #expect(utility.refusal(for: .metrics, changes: false) != nil)
        #expect(utility.refusal(for: .description, changes: false) == nil)
    }

    @Test("the method table finds the methods of a path whatever its parameters hold")
    func methodTable() {
        let table = MethodTable(routes: [
            ("GET", "/api/v1/stations"), ("POST", "/api/v1/stations"), ("GET", "/api/v1/stations/{id}"),
            ("DELETE", "/api/v1/stations/:id"), ("POST", "/api/v1/stations/{id}/requests/{action}"),
        ])
        #expect(table.methods(for: "/api/v1/stations") == ["GET", "POST"])
        #expect(table.methods(for: "/api/v1/stations/CS-1") == ["DELETE", "GET"])
        #expect(table.methods(for: "/api/v1/stations/CS-1/requests/Reset") == ["POST"])
        #expect(table.methods(for: "/api/v1/stations/CS-1/unknown").isEmpty)
    }
}
