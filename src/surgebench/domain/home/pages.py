"""Landing page (sends each role where its work is) and a health check for load balancers."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Redirect, Template

from surgebench.domain.accounts import routes as account_routes
from surgebench.domain.accounts.guards import public
from surgebench.domain.home import routes
from surgebench.domain.portal import routes as portal_routes
from surgebench.domain.programs import routes as program_routes
from surgebench.domain.specialists import routes as specialist_routes
from surgebench.lib.principal import Principal

HOME_BY_ROLE = {
    "recruiter": specialist_routes.BENCH,
    "admin": specialist_routes.BENCH,
    "program_manager": program_routes.PROGRAMS,
    "client": portal_routes.PROGRAMS,
}


@get(routes.HOME.path, name=routes.HOME.name, guards=[public], include_in_schema=False, sync_to_thread=False)
def home(request: Request) -> Template | Redirect:
    principal: Principal | None = request.scope.get("user")
    if principal is None:
        return Redirect(path=account_routes.SIGN_IN.url())
    return Redirect(path=HOME_BY_ROLE[principal.role].url())


@get(routes.HEALTH.path, name=routes.HEALTH.name, guards=[public], sync_to_thread=False, tags=["system"])
def health() -> dict[str, str]:
    """Liveness probe."""
    return {"status": "ok"}
