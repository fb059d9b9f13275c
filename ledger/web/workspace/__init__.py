"""The workspace: people sign in and record the follow-up in forms, with evidence files
(``auth``: sign-in, sign-out, invitations; ``forms``: a directive's follow-up forms)."""

from __future__ import annotations

from ledger.web.workspace import access_log, auth, forms, issue_forms

access_log.install()  # a logging filter only: nothing is read

# The directive's forms first: their POST paths are more specific than issue_forms'.
ROUTERS = [auth.router, forms.router, issue_forms.router]
