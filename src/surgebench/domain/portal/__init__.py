"""The client portal: a lab's program leads see their own organisation's programs, the approved rosters of
their cycles, the ramp of a cycle that is starting and continuity over time — and nothing of any other
client. Every query here is scoped to the signed-in client in SQL, and a person appears only by display
name, role and tenure (see ``schemas.RosterEntryOut`` for the rule)."""
