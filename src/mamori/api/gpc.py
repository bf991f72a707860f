"""`/.well-known/gpc.json`: the site says it honours Global Privacy Control (W3C GPC draft).

Honouring it is the consent ledger's work (`mamori.consent.honour_gpc`); this resource only
declares it. `create_app` always includes it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from mamori.api.deps import current_policy
from mamori.policy.model import Policy

__all__ = ["router"]

router = APIRouter(tags=["consent"])


@router.get("/.well-known/gpc.json", summary="Global Privacy Control support")
def gpc_support(policy: Annotated[Policy, Depends(current_policy)]) -> JSONResponse:
    """`{"gpc": true, "lastUpdate": <the policy's effective date>}`: since that date a
    `Sec-GPC: 1` signal refuses the provisions, modules and cookies it covers."""
    return JSONResponse(
        {"gpc": True, "lastUpdate": policy.effective_date.isoformat()},
        headers={"Cache-Control": "max-age=86400"},
    )
