"""Skills: the taxonomy specialists are rated on and roles ask for."""
