from django_tasks import task


@task()
def screen_cases_task(case_ids: list[int]) -> int:
    from liangfa.screening.services import screen_cases

    return screen_cases(case_ids)
