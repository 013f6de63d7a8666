"""What an offer's message says."""

from __future__ import annotations

from datetime import date, datetime


def subject(role_name: str, program_name: str, starts_on: date) -> str:
    return f"Offer: {role_name} on {program_name}, from {starts_on:%a %d %b %Y}"[:300]


def body(
    *,
    full_name: str,
    role_name: str,
    program_name: str,
    starts_on: date,
    weekly_hours: int,
    hourly_rate_cents: int,
    returning: bool,
    deadline: datetime,
    link: str,
) -> str:
    first = (full_name.split() or ["there"])[0]
    opening = (
        f"Welcome back: you worked on {program_name} last cycle, and we would like you on the team again."
        if returning
        else f"We would like to offer you a seat on {program_name}."
    )
    return (
        f"Hello {first},\n\n{opening}\n\n"
        f"Role: {role_name}\n"
        f"Hours: {weekly_hours} a week\n"
        f"Starts: {starts_on:%A %d %B %Y}\n"
        f"Rate: ${hourly_rate_cents / 100:,.2f} an hour\n\n"
        f"Please answer by {deadline:%A %d %B %Y, %H:%M} UTC:\n{link}\n\n"
        "The link is yours alone: it lets you accept or decline once, and on your first day tell us you "
        "started. After the deadline the seat goes to someone else.\n"
    )
