"""specialists domain."""

route_handlers: list = []
