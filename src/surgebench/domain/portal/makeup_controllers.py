"""The team's make-up over JSON for client tokens: per approved cycle and role, countries, languages and
UTC regions in aggregate only (groups under five people folded into "other")."""

from __future__ import annotations

from litestar import get
from litestar.params import FromPath

from surgebench.domain.accounts.guards import clients_only
from surgebench.domain.portal import makeup_service, routes
from surgebench.domain.portal.makeup_schemas import ClientCycleMakeUpOut
from surgebench.lib.deps import DB, CurrentPrincipal


@get(
    routes.API_PROGRAM_MAKEUP.path,
    name=routes.API_PROGRAM_MAKEUP.name,
    guards=[clients_only],
    tags=["client portal"],
    sync_to_thread=True,
)
def program_makeup(
    db: DB, principal: CurrentPrincipal, program_id: FromPath[int]
) -> list[ClientCycleMakeUpOut]:
    """The make-up of each approved team of one of your programs, cycle by cycle (404 for any other
    program): per cycle and role, how many people work from each country and UTC region and speak each
    language, against the role's country cap. Aggregates only: no group under five people is shown."""
    return [ClientCycleMakeUpOut.of(c) for c in makeup_service.program_makeup(db, principal, program_id)]


@get(
    routes.API_CYCLE_MAKEUP.path,
    name=routes.API_CYCLE_MAKEUP.name,
    guards=[clients_only],
    tags=["client portal"],
    sync_to_thread=True,
)
def cycle_makeup(db: DB, principal: CurrentPrincipal, cycle_id: FromPath[int]) -> ClientCycleMakeUpOut | None:
    """The make-up of one of your cycles' approved team (null while it is being staffed; 404 for any
    other cycle), folded as in the program's make-up."""
    found = makeup_service.cycle_makeup(db, principal, cycle_id)
    return ClientCycleMakeUpOut.of(found) if found else None


route_handlers = [program_makeup, cycle_makeup]
