"""Programme's pages, one module per journey. `programme/urls.py` maps each URL to its view.

- `programmes`: the Programme page, setting up a programme and its cohorts, a cohort's page and status.
- `people`: who is in a cohort (adding and removing).
- `sessions`: arranging and changing sessions, a session's page and invitation, attendance.
- `materials`: adding material for a cohort or one of its sessions.
- `discussion`: threads and posts (posting, replying, changing, reporting) and facilitators' moderation.
- `questionnaires`: setting an evaluation questionnaire, answering it, and a participant's own results.
- `reports`: a cohort's report (aggregates only) on the page, printed and as CSV.

Every cohort, session, thread, post and questionnaire is reached through `access`, with `or_404`: anything the
asker may not open is a 404. Pages only facilitators use also need the facilitator role (403 for everyone else),
checked by the decorators in `common`. A facilitator never sees one participant's answers or scores.
"""
