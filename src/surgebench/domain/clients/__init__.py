"""Client organisations: the tenants whose programs the vendor staffs."""
