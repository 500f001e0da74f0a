from django_tasks import task

from liangfa.clock.services import tick


@task()
def clock_tick() -> int:
    return tick()
