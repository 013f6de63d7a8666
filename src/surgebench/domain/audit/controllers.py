"""The audit log over JSON (admins only)."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.params import Parameter

from surgebench.domain.accounts.guards import admin_only
from surgebench.domain.audit import routes, service
from surgebench.domain.audit.repository import AuditFilter
from surgebench.domain.audit.schemas import AuditPageOut
from surgebench.lib.deps import DB

Text = Annotated[str | None, Parameter(max_length=254)]


@get(
    routes.API_AUDIT.path,
    name=routes.API_AUDIT.name,
    guards=[admin_only],
    tags=["audit"],
    sync_to_thread=True,
)
def list_audit(
    db: DB,
    entity_type: Text = None,
    entity_id: Text = None,
    actor: Text = None,
    action: Text = None,
    page: Annotated[int, Parameter(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Parameter(ge=1, le=service.MAX_PER_PAGE)] = 50,
) -> AuditPageOut:
    """Audit entries, newest first, filtered by entity type/id, actor e-mail and action."""
    found = AuditFilter(entity_type=entity_type, entity_id=entity_id, actor=actor, action=action)
    return AuditPageOut.of(service.browse(db, found, page, per_page))


route_handlers = [list_audit]
