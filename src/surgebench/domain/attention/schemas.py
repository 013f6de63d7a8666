"""What the attention list sends out: a person to re-vet, as JSON and as a CSV row."""

from __future__ import annotations

from typing import Any

from surgebench.domain.attention.service import ReVet

COLUMNS = ("specialist_id", "full_name", "email", "vetting_expires", "why")


def revet_out(r: ReVet) -> dict[str, Any]:
    return {
        "specialist_id": r.specialist_id,
        "full_name": r.full_name,
        "email": r.email,
        "vetting_expires": r.vetting_expires.isoformat() if r.vetting_expires else None,
        "why": r.why,
    }
