"""A c2sp.org/tlog-witness witness: it cosigns a log's checkpoints only when each is
consistent with the last one it cosigned for that log, so that a log cannot show two
histories (a split view) to clients who require witness cosignatures."""
