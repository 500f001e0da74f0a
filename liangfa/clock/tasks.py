from django_tasks import task


@task()
def clock_tick() -> int:
    from liangfa.clock.services import tick

    return tick()
