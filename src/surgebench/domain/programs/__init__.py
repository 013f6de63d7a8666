"""Programs: a client's models, the standing post-training program on each, its cycles and their
teams, and how many people each cycle kept from the one before (continuity)."""
