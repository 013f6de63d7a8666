"""The plans domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

PLAN = Route("plans.plan", "/plans/{plan_id:int}")
APPROVE = Route("plans.approve", "/plans/{plan_id:int}/approve")
COMPARE = Route("plans.compare", "/plans/{plan_id:int}/compare")
PLAN_PEOPLE_CSV = Route("plans.plan_people_csv", "/plans/{plan_id:int}/people.csv")
PLAN_PROGRESS = Route("plans.plan_progress", "/plans/{plan_id:int}/progress")
WHY = Route("plans.why", "/plans/{plan_id:int}/why")
START_PLAN = Route("plans.start_plan", "/surges/{request_id:int}/plans")
REPLAN = Route("plans.replan", "/surges/{request_id:int}/replan")
API_PLAN = Route("plans.api_plan", "/api/plans/{plan_id:int}")
API_APPROVE_PLAN = Route("plans.api_approve_plan", "/api/plans/{plan_id:int}/approve")
API_COMPARE_PLANS = Route("plans.api_compare_plans", "/api/plans/{plan_id:int}/compare/{other_id:int}")
API_EXPLAIN_PERSON = Route("plans.api_explain_person", "/api/plans/{plan_id:int}/explain/{specialist_id:int}")
API_PLAN_PEOPLE = Route("plans.api_plan_people", "/api/plans/{plan_id:int}/people")
API_PLAN_PEOPLE_CSV = Route("plans.api_plan_people_csv", "/api/plans/{plan_id:int}/people.csv")
API_PLAN_DOCUMENT = Route("plans.api_plan_document", "/api/plans/{plan_id:int}/plan.json")
API_PLAN_PROBLEM = Route("plans.api_plan_problem", "/api/plans/{plan_id:int}/problem.json")
API_PLANS = Route("plans.api_plans", "/api/surges/{request_id:int}/plans")
API_REPLAN = Route("plans.api_replan", "/api/surges/{request_id:int}/replan")
API_ROSTER_MEMBERS = Route("plans.api_roster_members", "/api/surges/{request_id:int}/roster")
API_REMOVE_FROM_ROSTER = Route(
    "plans.api_remove_from_roster", "/api/surges/{request_id:int}/roster/{specialist_id:int}/remove"
)


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.plans import controllers, pages

    return [*controllers.route_handlers, *pages.route_handlers]
