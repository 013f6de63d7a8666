"""imports domain."""

route_handlers: list = []
