"""Background jobs of the kinship app (django-tasks). Jobs take ids and are safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def compute_kinship_test_job(test_id: int) -> str:
    """Compute kinship test ``test_id``; returns its status (a computed test is left as it is)."""
    from homeward.kinship.actions.tests import compute_kinship_test

    return compute_kinship_test(test_id=test_id).status


@task()
def compute_sampling_plan_job(plan_id: int) -> str:
    """Simulate sampling plan ``plan_id``; returns its status."""
    from homeward.kinship.actions.planning import compute_sampling_plan

    return compute_sampling_plan(plan_id=plan_id).status


@task()
def compute_dvi_search_job(search_id: int) -> str:
    """Run blind search ``search_id``; returns its status."""
    from homeward.kinship.actions.dvi import compute_dvi_search

    return compute_dvi_search(search_id=search_id).status
