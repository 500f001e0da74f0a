"""Bad input never gives a 500: every page and every API operation, as each persona, with NUL bytes, lone
surrogates, huge numbers and dates, and bodies of the wrong shape. Each answer is below 500 and, on the
API, JSON."""

import json
import re
from urllib.parse import quote, unquote

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from liangfa.api import api
from liangfa.testing import ready_transfer

BAD_VALUES = ["\x00", "a\x00b", "\ud800", "1e999999", "9999-12-31", "10000-01-01", "99999999999999999999",
              "-1", "x" * 100_000]
# Every name a view reads from GET or POST (collected from the views and forms).
FIELDS = ["accept", "adopted", "agency", "answer", "case", "clue", "confirm", "content", "corroborating",
          "counterpart", "crime", "cursor", "days", "decision_no", "department", "department_kind",
          "document_no", "done", "due_date", "form", "format", "grantee", "grounds", "ip_reasonable_suspicion",
          "kind", "period", "police", "question", "reason", "reply", "reply_due", "report", "result", "review",
          "rule", "scope", "signed_on", "since", "start", "status", "subject", "summary", "suspected_crime",
          "team", "text", "title", "to_agency", "topic", "transfer", "user", "amount_max", "amount_min",
          "date_from", "date_to", "field", "full_name", "name", "note", "q", "roles", "violation_type", "page",
          # the public site and its back office (portal)
          "number", "secret", "code", "verifier", "rating", "slot", "phone", "email", "body", "crime_report", "on",
          "law", "year", "handler", "organ", "organ_name", "revoked_at", "received_at", "channel", "starts_at",
          "ends_at", "capacity", "window", "basis", "category", "matter", "place", "host", "to"]
SKIP = {"logout", "login", "account_otp", "account_password"}


def _patterns(resolver=None, prefix="/"):
    for pattern in (resolver or get_resolver()).url_patterns:
        text = str(pattern.pattern)
        if text.startswith(("django-admin", "api/")):
            continue
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + text)
        elif isinstance(pattern, URLPattern) and pattern.name not in SKIP:
            yield prefix + text


def _fill(path: str, number: str, word: str) -> str:
    return re.sub(r"<slug:[a-z_]+>", word, re.sub(r"<int:[a-z_]+>", number, path))


@pytest.fixture
def region(world):
    ready_transfer(world, until="accepted")
    return world


def _undone(send, *args, **kwargs):
    """One request whose writes are rolled back: the fuzz posts thousands of bodies (100,000 characters among
    them), and a database that keeps them all makes every later list page slower and the run run out of memory."""
    with transaction.atomic():
        response = send(*args, **kwargs)
        transaction.set_rollback(True)
    return response


def _query(value: str) -> str:
    """Every field set to the value, encoded as a browser would send it (a lone surrogate as its bytes)."""
    encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
    return "&".join(f"{name}={encoded}" for name in FIELDS)


def test_no_page_answers_500_to_bad_input(region):
    personas = [region.admin, region.market_officer, region.market_head, region.prosecutor, region.police_officer]
    requests = 0
    failures = []
    for user in personas:
        client = region.client(user)
        client.raise_request_exception = False
        for path in _patterns():
            calls = [("get", _fill(path, "99999999999999999999", "x"), "")]
            url = _fill(path, "1", "approve")
            for value in BAD_VALUES:
                query = _query(value)
                calls += [("post", url, query)] if len(value) > 1000 else [("get", url, query), ("post", url, query)]
            for method, target, query in calls:
                if method == "get":
                    response = _undone(client.get, f"{target}?{query}")
                else:
                    response = _undone(client.post, target, query, content_type="application/x-www-form-urlencoded")
                requests += 1
                if response.status_code >= 500:
                    failures.append(f"{user.username} {method.upper()} {target} {unquote(query[:40])!r}: {response.status_code}")
    assert not failures, f"{len(failures)} of {requests}:\n" + "\n".join(failures[:40])


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


BAD_BODIES = [{}, {"name": 5}, {"reason": None}, {"reason": "\x00"}, {"reason": "\ud800"}, {"reason": "x" * 100_000},
              {"records": [{"行政相对人名称": ["a", "b"]}]}, {"records": [{"罚款金额（万元）": "1e999999"}]},
              {"records": "x"}, [], "x", {"records": [{"处罚决定日期": "9999-12-31"}]}]


def test_no_api_operation_answers_500_and_every_error_is_chinese_json(region):
    requests = 0
    failures = []
    for user in [region.admin, region.market_officer, region.prosecutor, region.police_officer]:
        client = region.client(user)
        client.raise_request_exception = False
        for path, method, operation in _operations():
            params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            for number in ["1", "99999999999999999999"]:
                url = re.sub(r"\{[a-z_]+\}", number, path)
                for value in BAD_VALUES:
                    if method == "get":
                        encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
                        response = _undone(client.get, f"{url}?" + "&".join(f"{n}={encoded}" for n in params))
                    else:
                        body = json.dumps({"reason": value, "name": value})
                        response = _undone(getattr(client, method), url, body, content_type="application/json")
                    requests += 1
                    failures += _judge(response, method, url, value)
                if method != "get":
                    for body in BAD_BODIES:
                        response = _undone(getattr(client, method), url, json.dumps(body),
                                           content_type="application/json")
                        requests += 1
                        failures += _judge(response, method, url, body)
    assert not failures, f"{len(failures)} of {requests}:\n" + "\n".join(failures[:40])


def _judge(response, method, url, value) -> list[str]:
    shown = repr(value)[:30]
    if response.status_code >= 500:
        return [f"{method.upper()} {url} {shown}: {response.status_code}"]
    if response.status_code >= 400:
        try:
            detail = json.dumps(response.json(), ensure_ascii=False)
        except ValueError:
            return [f"{method.upper()} {url} {shown}: {response.status_code} not JSON"]
        if not re.search(r"[\u4e00-\u9fff]", detail):
            return [f"{method.upper()} {url} {shown}: {response.status_code} not Chinese: {detail[:120]}"]
        if len(detail) > 5000:
            return [f"{method.upper()} {url} {shown}: error echoes {len(detail)} characters"]
    return []
