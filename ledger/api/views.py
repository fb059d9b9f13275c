"""The views beside the API: one ``ViewService`` per API process, its runner started by
the app's lifespan (``app.state.workers``) unless the views are followed by a separate
``directive-ledger project --follow`` process (``LEDGER_VIEWS_RUNNER=external``)."""

from __future__ import annotations

import os
import threading
from typing import Any

from projections.service import ViewService

RUNNER_ENV = "LEDGER_VIEWS_RUNNER"


def runs_in_process() -> bool:
    return os.environ.get(RUNNER_ENV, "thread").strip().lower() != "external"


class ViewsWorker:
    """Made in ``create_app``; on start (the ledger exists by then) it opens the views
    and, unless an external runner follows the log, catches them up in a thread."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self._lock = threading.Lock()

    def service(self) -> ViewService:
        with self._lock:
            views: ViewService | None = getattr(self.state, "views", None)
            if views is None or views.app is not self.state.ledger:
                views = ViewService(self.state.ledger)
                self.state.views = views
            return views

    def start(self) -> None:
        views = self.service()
        if runs_in_process():
            views.start_background()

    def stop(self) -> None:
        views: ViewService | None = getattr(self.state, "views", None)
        if views is not None:
            views.stop()
            self.state.views = None

    def following(self) -> bool:
        views: ViewService | None = getattr(self.state, "views", None)
        return views is not None and views.is_following()
