"""The live ramp: offers for new seats, their answers, the expiry and the first day."""
