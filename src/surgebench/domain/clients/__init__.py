"""clients domain."""

route_handlers: list = []
