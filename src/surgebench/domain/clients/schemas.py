"""JSON shapes of the clients API."""

from __future__ import annotations

import msgspec

from surgebench.db.orm import Client


class ClientOut(msgspec.Struct):
    id: int
    slug: str
    name: str

    @classmethod
    def of(cls, client: Client) -> ClientOut:
        return cls(client.id, client.slug, client.name)
