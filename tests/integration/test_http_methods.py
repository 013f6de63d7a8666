"""Methods a path does not serve are answered 405 with the methods it does serve (``Allow``), and
``OPTIONS`` lists them all: walked over the route table, so paths added later are covered too."""

from __future__ import annotations

from surgebench.app import create_app
from tests.integration.routes import endpoints


def test_options_and_405_name_every_method_a_path_serves(settings, client) -> None:
    served: dict[str, set[str]] = {}
    for endpoint in endpoints(create_app(settings)):
        if endpoint.is_api and not endpoint.path.startswith("/api/schema"):
            served.setdefault(endpoint.url(), set()).add(endpoint.method)
    assert "POST" in served["/api/specialists"]
    wrong = []
    for url, methods in served.items():
        options = client.options(url)
        allowed = {m.strip() for m in options.headers.get("allow", "").split(",")}
        if not methods <= allowed:
            wrong.append(f"OPTIONS {url}: Allow {sorted(allowed)} lacks {sorted(methods - allowed)}")
        unserved = next(m for m in ("PUT", "DELETE", "PATCH", "POST") if m not in methods)
        answer = client.request(unserved, url)
        allow = {m.strip() for m in answer.headers.get("allow", "").split(",") if m.strip()}
        if answer.status_code != 405 or not methods <= allow:
            wrong.append(f"{unserved} {url}: {answer.status_code}, Allow {sorted(allow)}")
    assert not wrong, "\n".join(wrong)
