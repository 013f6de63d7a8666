"""The accounts domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.accounts import admin_pages, controllers
from surgebench.domain.accounts.pages import sign_in, sign_in_form, sign_out

route_handlers: list = [
    sign_in_form,
    sign_in,
    sign_out,
    *admin_pages.route_handlers,
    *controllers.route_handlers,
]
