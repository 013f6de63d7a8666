"""The accounts domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

REVOKE_TOKEN = Route("accounts.revoke_token", "/admin/tokens/{token_id:int}/revoke")
USERS = Route("accounts.users", "/admin/users")
USER = Route("accounts.user", "/admin/users/{user_id:int}")
DEACTIVATE_USER = Route("accounts.deactivate_user", "/admin/users/{user_id:int}/deactivate")
REACTIVATE_USER = Route("accounts.reactivate_user", "/admin/users/{user_id:int}/reactivate")
CREATE_TOKEN = Route("accounts.create_token", "/admin/users/{user_id:int}/tokens")
SIGN_IN = Route("accounts.sign_in", "/sign-in")
SIGN_OUT = Route("accounts.sign_out", "/sign-out")
API_REVOKE_TOKEN = Route("accounts.api_revoke_token", "/api/tokens/{token_id:int}")
API_USERS = Route("accounts.api_users", "/api/users")
API_USER = Route("accounts.api_user", "/api/users/{user_id:int}")
API_TOKENS = Route("accounts.api_tokens", "/api/users/{user_id:int}/tokens")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.accounts import admin_pages, controllers
    from surgebench.domain.accounts.pages import sign_in, sign_in_form, sign_out

    return [
        sign_in_form,
        sign_in,
        sign_out,
        *admin_pages.route_handlers,
        *controllers.route_handlers,
    ]
