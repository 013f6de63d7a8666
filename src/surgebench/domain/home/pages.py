"""Landing page (sends each role where its work is) and a health check for load balancers."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Redirect, Template

from surgebench.domain.accounts.guards import public
from surgebench.lib.principal import Principal

HOME_BY_ROLE = {
    "recruiter": "/bench",
    "admin": "/bench",
    "program_manager": "/programs",
    "client": "/client/programs",
}


@get("/", guards=[public], include_in_schema=False, sync_to_thread=False)
def home(request: Request) -> Template | Redirect:
    principal: Principal | None = request.scope.get("user")
    if principal is None:
        return Redirect(path="/sign-in")
    return Redirect(path=HOME_BY_ROLE[principal.role])


@get("/health", guards=[public], sync_to_thread=False, tags=["system"])
def health() -> dict[str, str]:
    """Liveness probe."""
    return {"status": "ok"}
