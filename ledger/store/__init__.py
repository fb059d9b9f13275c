"""How the ledger stores events: eventsourcing's persistence, tuned for the ledger."""
