"""The audit log page (admins only): newest first, filterable, each change shown old → new."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get
from litestar.params import Parameter
from litestar.response import Template

from surgebench.domain.accounts.guards import admin_only
from surgebench.domain.audit import routes, service
from surgebench.domain.audit.repository import AuditFilter
from surgebench.lib.deps import DB
from surgebench.lib.templating import page as render

Text = Annotated[str | None, Parameter(max_length=254)]


@get(
    routes.AUDIT.path,
    name=routes.AUDIT.name,
    guards=[admin_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def audit_page(
    request: Request,
    db: DB,
    entity_type: Text = None,
    entity_id: Text = None,
    actor: Text = None,
    action: Text = None,
    page: Annotated[int, Parameter(ge=1, le=1_000_000)] = 1,
) -> Template:
    found = AuditFilter.of_form(entity_type, entity_id, actor, action)
    return render(
        request,
        "audit/log.html",
        log=service.browse(db, found, page),
        filters=found,
        choices=service.filter_choices(db),
    )


route_handlers = [audit_page]
