"""Pieces that several pages draw alike: the explorer's panels, the event card, the scope line, attribution."""
