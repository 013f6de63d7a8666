"""Request-scoped dependencies: the unit of work and the signed-in principal."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import cast

from litestar import Request
from litestar.di import NamedDependency
from sqlalchemy.orm import Session

from surgebench.db.session import open_session
from surgebench.lib.errors import NotAuthenticated
from surgebench.lib.principal import Principal
from surgebench.lib.templating import Refused

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def provide_db(request: Request) -> AsyncGenerator[Session, None]:
    """One transaction per request: committed when the handler returns, rolled back when it raises.
    Requests with an unsafe method (POST, PUT, PATCH, DELETE) are the ones that write: their transaction
    takes the write lock when it begins, so on SQLite they queue behind other writers.

    The transaction ends on the event loop, not on a worker thread: Litestar runs a sync generator's
    cleanup in its thread pool, and when every worker thread was busy waiting for the write lock the
    commit that would release it could never start (12 writers and an import on one server deadlocked
    for good). A commit is a few milliseconds of blocking I/O, paid once per request."""
    writes = request.method not in SAFE_METHODS
    session = open_session(request.app.state.engine, writes=writes)
    try:
        yield session
    except Refused:  # the action was rolled back; end the reads of its answer as a returned page's
        session.commit()
        raise
    except BaseException:
        session.rollback()
        raise
    else:
        session.commit()
    finally:
        session.close()


def provide_principal(request: Request) -> Principal:
    principal = request.scope.get("user")
    if principal is None:  # guards run first, so this only guards against a mis-wired route
        raise NotAuthenticated("Sign in first.")
    return cast(Principal, principal)


DB = NamedDependency[Session]
"""The request's unit of work (handler parameter ``db: DB``)."""
CurrentPrincipal = NamedDependency[Principal]
"""The signed-in principal (handler parameter ``principal: CurrentPrincipal``)."""
