"""Demo data: the reference data every database needs (skills taxonomy, demo clients) and, for trying
the product, demo accounts and a deterministic generated bench.

``reference`` loads ``fixtures/skills.csv`` and ``fixtures/clients.csv`` · ``population`` states who
the generated bench is made of · ``bench`` generates it (``generate_bench(n, seed)``) · ``csv_rows``
writes it in the import CSV format · ``accounts`` reads ``fixtures/accounts.csv`` · ``loader`` puts
all of it into an empty database once · ``commands`` is ``surgebench fixtures load|generate``."""
