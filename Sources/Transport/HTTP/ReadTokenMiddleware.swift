import Foundation
import HTTPTypes
import Hummingbird
import Store
import Sync

/// Lets a request through only with a token of the server's store that covers every dataset (read or write
/// scope), given as `Authorization: Bearer TOKEN` or `?token=TOKEN`. `/healthz` and `/readyz` need none (they
/// tell nothing but up and ready, and probes carry no token).
struct ReadTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: any RecordStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if request.uri.path == "/healthz" || request.uri.path == "/readyz" {
            return try await next(request, context)
        }
        guard let token = Self.token(of: request) else {
            return StatusHTTPServer.text(
                "this server needs a token: add ?token=TOKEN to the address, or send Authorization: Bearer TOKEN\n",
                status: .unauthorized
            )
        }
        switch try? await store.authorize(token: token) {
        case .granted(let grant)? where grant.dataset == nil:
            return try await next(request, context)
        case .granted?:
            return StatusHTTPServer.text(
                "this token covers one dataset; the status page needs a token for every dataset (--dataset '*')\n",
                status: .forbidden
            )
        case .expired?:
            return StatusHTTPServer.text(
                "the token has expired: create a new one with tally token create\n",
                status: .unauthorized)
        case .revokedOrUnknown?, nil:
            return StatusHTTPServer.text("the token is not valid on this server\n", status: .unauthorized)
        }
    }

    /// The bearer token of the `Authorization` header, else the `token` query parameter.
    static func token(of request: Request) -> String? {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            if !token.isEmpty { return token }
        }
        if let token = request.uri.queryParameters["token"], !token.isEmpty { return String(token) }
        return nil
    }
}
