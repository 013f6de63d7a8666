"""The outbox domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.outbox import pages

route_handlers: list = [*pages.route_handlers]
