"""The answers besides success that routes declare, defined once for every service.

FastAPI documents a route's success and, for a route with input, its 422 (the shape of
every 422 here: `{"detail": [{"loc", "msg", "type"}]}`). The refusals below come from the
gateway's session check, each service's token and role check, and a route's own lookups
and rules. A router declares what all its routes can answer
(`responses=SIGNED_IN | refusals(404)`), a route what only it can.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Refusal(BaseModel):
    """Why a request was refused, in words for the clerk."""

    detail: str


DESCRIPTIONS = {
    400: "请求无法解析: 多个 Authorization 请求头, 或请求体不是 UTF-8 编码的 JSON",
    401: "未登录, 或令牌无效、过期, 或会话已结束",
    403: "此角色无权执行该操作",
    404: "不存在或不在管辖范围内",
    409: "与记录的当前状态冲突",
    413: "请求体过大",
    429: "尝试次数过多, 稍后再试 (Retry-After)",
    503: "所依赖的服务暂不可用, 稍后再试",
}


def refusals(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for these status codes, each with its model and description."""
    return {code: {"model": Refusal, "description": DESCRIPTIONS[code]} for code in codes}


# Every route behind a token, through the gateway.
SIGNED_IN = refusals(400, 401, 403)
