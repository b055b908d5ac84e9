"""Every Bot API request made in-process in these tests is checked against the pinned spec (tests/botapi)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from telegram.request import BaseRequest, RequestData

from tests.botapi.checker import check_requests


@pytest.fixture(autouse=True)
def bot_api_contract(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Record every request any BaseRequest posts during the test; at teardown, fail on each violation."""
    requests: list[tuple[str, dict[str, Any]]] = []
    post = BaseRequest.post

    async def recording_post(
        self: BaseRequest, url: str, request_data: RequestData | None = None, **kw: Any
    ) -> Any:
        requests.append((url.rsplit("/", 1)[-1], dict(request_data.parameters) if request_data else {}))
        return await post(self, url, request_data, **kw)

    monkeypatch.setattr(BaseRequest, "post", recording_post)
    yield requests
    violations = check_requests(requests)
    if violations:
        pytest.fail(
            f"{len(violations)} Bot API contract violations:\n" + "\n".join(violations), pytrace=False
        )
