"""audit domain."""

route_handlers: list = []
