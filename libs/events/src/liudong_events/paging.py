"""The page a list is asked for: bounded, so an absurd page number is a 422, not an
OFFSET PostgreSQL cannot hold (a 500).

No list a clerk pages through has more than MAX_PAGE pages of the smallest size; past that
they narrow the search or export.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 200

Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"from 1, at most {MAX_PAGE}")]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
