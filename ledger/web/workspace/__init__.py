"""The workspace: people sign in and record the follow-up in forms, with evidence files
(``auth``: sign-in, sign-out, invitations; ``forms``: a directive's follow-up forms)."""

from __future__ import annotations

from ledger.web.workspace import auth, forms, issue_forms

# The directive's forms first: their POST paths are more specific than issue_forms'.
ROUTERS = [auth.router, forms.router, issue_forms.router]
