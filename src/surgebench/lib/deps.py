"""Request-scoped dependencies: the unit of work and the signed-in principal."""

from __future__ import annotations

from collections.abc import Generator

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency
from sqlalchemy.orm import Session

from surgebench.lib.errors import NotAuthenticated
from surgebench.lib.principal import Principal


def provide_db(state: State) -> Generator[Session, None, None]:
    """One transaction per request: committed when the handler returns, rolled back when it raises."""
    session = Session(bind=state.engine, expire_on_commit=False)
    try:
        yield session
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
    return principal  # type: ignore[return-value]


DB = NamedDependency[Session]
"""The request's unit of work (handler parameter ``db: DB``)."""
CurrentPrincipal = NamedDependency[Principal]
"""The signed-in principal (handler parameter ``principal: CurrentPrincipal``)."""
