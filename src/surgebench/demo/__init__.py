"""Demo data: the reference data every database needs (skills taxonomy, demo clients) and a
deterministic generated bench for trying the product."""
