from django_tasks import task


@task()
def screen_related(case_ids: list[int]) -> int:
    from liangfa.screening.services import screen_related as judge_again  # services.py enqueues these tasks

    return judge_again(case_ids)


@task()
def screen_import_batch(batch_id: int) -> int:
    """Screen every case a large import created or changed (found through its timeline rows)."""
    from liangfa.cases.models import CaseEvent
    from liangfa.parties.links import propose_links_for
    from liangfa.screening.services import screen_cases  # services.py enqueues these tasks

    ids = list(CaseEvent.objects.filter(import_batch_id=batch_id).values_list("case_id", flat=True).distinct())
    done = 0
    for start in range(0, len(ids), 5000):
        done += screen_cases(ids[start:start + 5000])
    # link candidates for the file's parties, as a small import proposes them at once (on_cases_imported_link)
    party_ids = set(CaseEvent.objects.filter(import_batch_id=batch_id).values_list("case__party_id", flat=True))
    propose_links_for(party_ids)
    from liangfa.screening.networks import screen_networks

    if party_ids:
        screen_networks(party_ids=party_ids)  # amounts that reach a threshold only across a party network
    return done

