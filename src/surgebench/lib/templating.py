"""Rendering pages: every template gets the principal, its CSRF token and the current path; an action
a service refuses is answered through ``refusals``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from litestar import Request, Response
from litestar.response import Template
from sqlalchemy.orm import Session

from surgebench.lib.csrf import CSRF_FIELD, PRE_SESSION_CSRF_COOKIE
from surgebench.lib.errors import DomainError


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Template:
    principal = request.scope.get("user")
    csrf = principal.csrf_token if principal is not None else request.cookies.get(PRE_SESSION_CSRF_COOKIE)
    return Template(
        template_name=template,
        status_code=status_code,
        context={
            "principal": principal,
            "csrf_token": csrf or "",
            "csrf_field": CSRF_FIELD,
            "today": request.app.state.clock.today(),
            "path": request.url.path,
            "query": request.query_params,
            **context,
        },
    )


class Refused(Exception):
    """A page's answer to an action its service refused (raised by ``refusals``); the app's exception
    handler sends ``response`` as it is, and the request's transaction ends as a returned page's does."""

    def __init__(self, response: Response[Any]) -> None:
        super().__init__("refused")
        self.response = response


@contextmanager
def refusals(db: Session, answer: Callable[[DomainError], Response[Any]]) -> Iterator[None]:
    """Run a page's action; when its service refuses it (a ``DomainError``), roll back what it did and
    answer with ``answer(error)`` instead, usually the form again saying what is wrong:

        with refusals(db, lambda exc: _form(request, db, exc.status_code, errors=exc.fields)):
            created = service.create(db, actor, values)
        return Redirect(path=routes.THING.url(thing_id=created.id), status_code=303)
    """
    try:
        yield
    except DomainError as exc:
        db.rollback()
        raise Refused(answer(exc)) from exc
