"""The data contract and getting data in: the descriptor's schema, reading, checking, typed loading, the codebook."""
