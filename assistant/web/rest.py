"""A plain JSON route beside the page: `GET /api/ask?q=...` answers as `assistant ask
--json` prints, for scripts and tools that speak HTTP but not Gradio's protocol.

Gradio's own endpoints take two requests per call (a POST that queues the call, then an
event stream with the result); this one answers in the response to one GET. Behind
`serve --auth` it asks for the same logins, as HTTP Basic credentials.
"""
# No postponed annotations here: FastAPI reads the route's parameters off its signature.

import secrets

from assistant import Assistant, Filters
from assistant.errors import AssistantError

PATH = "/api/ask"
MAX_PASSAGES = 50


def _allowed(header: str | None, logins: list[tuple[str, str]]) -> bool:
    """Whether an Authorization header carries one of `logins` (compared in constant time)."""
    import base64
    import binascii

    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        user, sep, password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return bool(sep) and any(
        secrets.compare_digest(user, u) & secrets.compare_digest(password, p) for u, p in logins)


def rest_routes(assistant: Assistant, logins: list[tuple[str, str]] | None = None) -> list:
    """The routes to serve with the page (FastAPI's `routes=`): `GET /api/ask` with `q` and
    optional `source`, `since`, `until` (YYYY-MM-DD) and `k` (passages at most). A bad
    question or filter is a 400 with {"error": ...}; without a login (when `logins`) a 401."""
    from fastapi import Request
    from fastapi.responses import JSONResponse
    from fastapi.routing import APIRoute

    # A plain def: FastAPI runs it on a worker thread, so questions run side by side.
    def ask(request: Request, q: str = "", source: str = "", since: str = "", until: str = "",
            k: int | None = None) -> JSONResponse:
        if logins and not _allowed(request.headers.get("authorization"), logins):
            return JSONResponse({"error": "log in with one of the server's --auth logins"},
                                status_code=401,
                                headers={"WWW-Authenticate": 'Basic realm="news assistant"'})
        if k is not None and not 1 <= k <= MAX_PASSAGES:
            return JSONResponse({"error": f"k: give a number of passages from 1 to {MAX_PASSAGES}"},
                                status_code=400)
        try:
            filters = Filters.build(source, since, until)
            answer = assistant.ask(q, filters=filters, top_k=k)
        except AssistantError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(answer.to_dict())

    return [APIRoute(PATH, ask, methods=["GET"], include_in_schema=False)]
