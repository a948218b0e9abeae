from django.tasks import task


@task
def session_requests_send(session_id: str, user_ids: list[str], method: str) -> None:
    """One batch of a session's meeting requests or cancellations (programme/services/meetings.py)."""
    from attend.programme.services.meetings import session_requests_deliver

    session_requests_deliver(session_id=session_id, user_ids=user_ids, method=method)
