"""The read-only web status board: server-rendered pages, Vietnamese first.

The pages read the application's queries, the projections' views and the audit
service's proofs; they never touch the store and never write.
"""

from ledger.web.routes import ROUTERS as BOARD_ROUTERS
from ledger.web.workspace import ROUTERS as WORKSPACE_ROUTERS

ROUTERS = [*BOARD_ROUTERS, *WORKSPACE_ROUTERS]

__all__ = ["ROUTERS"]
