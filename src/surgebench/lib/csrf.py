"""The names of the CSRF tokens every form carries: shared by the guards that check them (in
``domain/accounts``) and the page renderer that writes them (``lib/templating``)."""

from __future__ import annotations

CSRF_FIELD = "_csrf"
"""Form field holding the session's synchronizer token."""
CSRF_HEADER = "x-csrf-token"
"""Header holding the same token, for scripts that post with the session cookie."""
PRE_SESSION_CSRF_COOKIE = "surgebench_csrf"
"""Double-submit cookie for forms posted before a session exists (the sign-in form)."""
