"""Hiring: what the bench lacks across every open request's latest plan — seats short by skill, level,
language and time zone, and the people who nearly qualify — for recruiters to hire and re-vet."""
