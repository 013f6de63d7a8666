"""The specialists domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from litestar import Router

from surgebench.domain.specialists.controllers import (
    create_specialist,
    get_specialist,
    list_specialists,
    offboard_specialist,
    update_specialist,
)
from surgebench.domain.specialists.pages import (
    bench,
    offboard_specialist_page,
    save_specialist,
    specialist_page,
)

# One Router, so Litestar registers each path's GET and POST/PATCH together: registering a second
# handler on a path already registered re-registers the first, and a sync_to_thread handler then gets
# wrapped twice (its response becomes an un-awaited coroutine).
route_handlers: list = [
    Router(
        path="/",
        route_handlers=[
            bench,
            specialist_page,
            save_specialist,
            offboard_specialist_page,
            list_specialists,
            get_specialist,
            create_specialist,
            update_specialist,
            offboard_specialist,
        ],
    )
]
