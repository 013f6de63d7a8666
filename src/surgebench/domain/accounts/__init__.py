"""Accounts: users and roles, sign-in sessions, API tokens, guards, and their administration."""

from surgebench.domain.accounts import admin_pages, controllers
from surgebench.domain.accounts.pages import sign_in, sign_in_form, sign_out

route_handlers: list = [
    sign_in_form,
    sign_in,
    sign_out,
    *admin_pages.route_handlers,
    *controllers.route_handlers,
]
