"""Surges: what a program manager asks for (a cycle's roles, ramp and terms), the solver's problem built
from the database for it, the plans the solver makes, and approving one into the cycle's roster."""
