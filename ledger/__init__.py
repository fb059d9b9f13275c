"""Directive Ledger: an event-sourced, tamper-evident ledger of directives and their follow-up."""
