"""Accounts: users and roles, sign-in sessions, API tokens, guards."""

from surgebench.domain.accounts.pages import sign_in, sign_in_form, sign_out

route_handlers: list = [sign_in_form, sign_in, sign_out]
