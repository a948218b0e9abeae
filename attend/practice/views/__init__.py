"""Practice's pages, one module a journey:

- `library`: the guided practices and the player that runs one (a timer runs in the same player);
- `timers`: setting a timer, and the timers a person saves;
- `log`: what the player reports about a session, and the check-in after it;
- `history`: a person's own practice, their practice settings and the download of their log;
- `organisation`: an organisation's own practices, for its facilitators and admins;
- `offline`: what keeps practice working without a connection (offline page, service worker, manifest).

A person's log, presets and check-ins are reached only through `attend.practice.access`, by the signed-in
person; anything else is a 404. Organisations see counts over at least five people, never one person's practice.
"""

# The site root serves the service worker and the manifest (attend/config/urls.py reaches them from here).
from attend.practice.views.offline import manifest, service_worker

__all__ = ["manifest", "service_worker"]
