"""Accounts: users and roles, sign-in sessions, API tokens, guards, and their administration."""
