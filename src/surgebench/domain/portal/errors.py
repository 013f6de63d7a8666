"""Named errors of the client portal. Another client's program or cycle gets the very same answer as one
that does not exist, so an answer never tells a client what exists elsewhere."""

from surgebench.lib.errors import NotFound


class NotYours(NotFound):
    code = "not_found"
