"""Listen's background work: close rounds whose window has ended and open the next round of each repeating one."""

from django.tasks import task
from django.utils import timezone

from attend.listen import services


@task
def pulse_rounds_roll_task() -> dict[str, int]:
    return services.pulse_rounds_roll(today=timezone.localdate())
