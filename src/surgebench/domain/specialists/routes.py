"""The specialists domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

BENCH = Route("specialists.bench", "/bench")
SPECIALIST = Route("specialists.specialist", "/bench/{specialist_id:int}")
OFFBOARD_SPECIALIST = Route("specialists.offboard_specialist", "/bench/{specialist_id:int}/offboard")
API_SPECIALISTS = Route("specialists.api_specialists", "/api/specialists")
API_SPECIALIST = Route("specialists.api_specialist", "/api/specialists/{specialist_id:int}")
API_OFFBOARD_SPECIALIST = Route(
    "specialists.api_offboard_specialist", "/api/specialists/{specialist_id:int}/offboard"
)


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
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
    return [
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
