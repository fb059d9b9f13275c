"""Integrity: the Merkle log over every stored event, its checkpoints, proofs and checks."""
