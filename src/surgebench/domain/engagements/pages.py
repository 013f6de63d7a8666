"""An engagement's page: where it sits (client, model, cycle), and the correction form (audited)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from surgebench.domain.accounts.guards import staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.engagements import routes, service
from surgebench.domain.engagements.service import CORRECTABLE
from surgebench.domain.skills import repository as skills
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.forms import form_text
from surgebench.lib.templating import page, refusals

FormBody = URLEncodedBody[dict[str, Any]]


def _page(request: Request, db: DB, engagement_id: int, status_code: int = 200, **context: Any) -> Template:
    row = service.get(db, engagement_id)
    return page(
        request,
        "engagements/detail.html",
        status_code=status_code,
        e=row,
        values={**service.editable_fields(row), **context.pop("values", {})},
        skills=skills.list_all(db),
        **{"errors": {}, **context},
    )


@get(
    routes.ENGAGEMENT.path,
    name=routes.ENGAGEMENT.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def engagement_page(request: Request, db: DB, engagement_id: FromPath[int]) -> Template:
    return _page(request, db, engagement_id, saved=request.query_params.get("saved") == "1")


@post(routes.ENGAGEMENT.path, guards=[staff_only], include_in_schema=False, sync_to_thread=True)
def correct_engagement(
    request: Request, db: DB, principal: CurrentPrincipal, engagement_id: FromPath[int], data: FormBody
) -> Template | Redirect:
    changes = {name: form_text(data, name) for name in CORRECTABLE}
    with refusals(
        db,
        lambda exc: _page(
            request,
            db,
            engagement_id,
            exc.status_code,
            errors=exc.fields,
            problem=exc.message,
            values=changes,
        ),
    ):
        service.correct(db, Actor.of(principal), engagement_id, changes)
    return Redirect(path=f"{routes.ENGAGEMENT.url(engagement_id=engagement_id)}?saved=1", status_code=303)


route_handlers = [engagement_page, correct_engagement]
