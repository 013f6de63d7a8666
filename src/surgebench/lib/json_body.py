"""JSON request bodies, read one way for every handler: only with a JSON content type, decoded strictly
into the type the handler declares.

Litestar decodes a body into plain objects and then converts them to the handler's type with lax rules
(its query-string rules): ``"5"`` became an integer, ``0`` a boolean, and a body sent as ``text/plain``
was read as JSON. Here the bytes go straight into the declared type (``msgspec.json.decode(...,
strict=True)``): a wrong type is refused naming its place (``roles[0].headcount``), and a value nested
deeper than the type allows is refused where it starts, so no body can nest the decoder to its recursion
limit (a 1,000-deep array answered 500); should the decoder still give up, that is a 400 too."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg
from litestar.types import Empty

from surgebench.lib.errors import DomainError, ValidationFailed

JSON_TYPES = re.compile(r"^application/(?:[\w.+-]+\+)?json$")
"""``application/json`` and its suffixed kinds (``application/merge-patch+json``)."""
_PLACE = re.compile(r" - at `\$(.*)`$")


class UnsupportedMediaType(DomainError):
    status_code = 415
    code = "unsupported_media_type"


class InvalidBody(ValidationFailed):
    code = "invalid_body"


def field_of(error: msgspec.ValidationError) -> tuple[str, str]:
    """msgspec's "Expected `int`, got `str` - at `$.roles[0].headcount`" as (field, message)."""
    text = str(error)
    found = _PLACE.search(text)
    if found is None:
        return "body", text
    return found.group(1).lstrip(".") or "body", text[: found.start()]


def _declared_type(request: Request) -> Any:
    parameter = request.route_handler.parsed_fn_signature.parameters.get("data")
    if parameter is None or not isinstance(parameter.kwarg_definition, BodyKwarg):
        return Any
    if parameter.kwarg_definition.media_type != RequestEncodingType.JSON:
        return Any
    return parameter.annotation


class StrictJSONRequest(Request):
    """The app's request class (``Litestar(request_class=...)``): ``json()`` as described above."""

    async def json(self) -> Any:
        if self._connection_state.json is not Empty:
            return self._connection_state.json
        body = await self.body()
        media_type = self.content_type[0]
        if body and not JSON_TYPES.match(media_type):
            raise UnsupportedMediaType(
                f"The body must be JSON sent as application/json, not {media_type or 'without a type'}.",
                fields={"body": "send JSON with Content-Type: application/json"},
            )
        try:
            value = msgspec.json.decode(body or b"null", type=_declared_type(self), strict=True)
        except msgspec.ValidationError as exc:
            field, message = field_of(exc)
            raise InvalidBody(f"The body is not valid: {message}", fields={field: message}) from None
        except msgspec.DecodeError as exc:
            raise InvalidBody("The body is not valid JSON.", fields={"body": str(exc)}) from None
        except RecursionError:
            raise InvalidBody(
                "The body is nested too deeply.", fields={"body": "is nested too deeply"}
            ) from None
        self._json = self._connection_state.json = value
        return value
