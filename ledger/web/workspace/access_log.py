"""The invitation's one-time token is in its link's path: the server's access log shows
``/invitations/***`` instead, so no log line holds a token that still works."""

from __future__ import annotations

import logging
import re

_INVITATION = re.compile(r"(/invitations/)[^/?\s]+")


class MaskInvitations(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _INVITATION.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args
            )
        return True


def install() -> None:
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, MaskInvitations) for f in logger.filters):
        logger.addFilter(MaskInvitations())
