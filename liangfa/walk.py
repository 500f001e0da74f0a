"""The persona walk: log in through the login page as a person, follow every same-origin link of the menu and
of each page reached (bounded), and list what an official should never meet: a 500, English words outside a
short list of proper nouns, raw keys (rule ids, status codes, None, file paths). Used by the browser test
(`desk/tests/test_walk.py`) and by `scripts/walk.py`, which also keeps a screenshot of every page."""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

# Latin words an official may meet on a page: programs, file formats and encodings, named as such. Login
# names and agency codes are proper nouns too (people type them); the walk adds them from the database.
ALLOWED_WORDS = {"Excel", "Word", "WPS", "API", "CSV", "JSON", "UTF-8", "GB18030"}
# A word glued to digits before it is part of a code (统一社会信用代码 9241…15XX, 身份证 …X), not English.
LATIN_WORD = re.compile(r"(?<![0-9A-Za-z])[A-Za-z][A-Za-z0-9]*(?:[_\-][A-Za-z0-9]+)*")
# A reference number the public quotes (受理编号 GK20261026021983): a short letter prefix on a long run of digits.
REFERENCE_NUMBER = re.compile(r"[A-Z]{1,3}\d{8,}")
RAW_KEYS = [
    ("规则编号", re.compile(r"\b[A-Z][A-Z0-9]+_[A-Z0-9_]+\b")),
    ("状态代码", re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")),
    ("空值", re.compile(r"\b(?:None|null|nan|NaN|True|False|undefined)\b")),
    ("文件路径", re.compile(r"\b[\w\-]+/\d{4}/[\w\-./]+")),
    ("期间代码", re.compile(r"\b\d{4}Q[1-4]\b")),
]
# Paths never followed: leaving, the framework's own English admin, the API's JSON.
SKIP_PATHS = ("/logout/", "/django-admin/", "/api/", "/static/", "/media/")
DOWNLOAD = re.compile(r"(\.xlsx|\.docx|\.csv|\.pdf|/documents/\d+/|/download|format=(xlsx|docx|csv))", re.I)
SAME_PATTERN_VISITS = 2
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@dataclass
class Finding:
    persona: str
    url: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.persona} {self.url} [{self.kind}] {self.detail}"


@dataclass
class Walk:
    persona: str
    pages: list[str] = field(default_factory=list)
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (url, file name)
    findings: list[Finding] = field(default_factory=list)

    def add(self, url: str, kind: str, detail: str) -> None:
        self.findings.append(Finding(self.persona, url, kind, detail))


def pattern(url: str) -> str:
    """Pages of one kind: numbers in the path collapse, the query keeps its keys and not their values."""
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if k != "page"})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def text_findings(text: str, allowed: set[str] = frozenset(), patterns=()) -> list[tuple[str, str]]:
    """What an official should not read in a page's visible text: (kind, the offending words). `allowed`
    words and words matching one of `patterns` (regexes) are known and pass."""
    known = ALLOWED_WORDS | set(allowed)
    tolerated = [re.compile(p) for p in patterns]

    def passes(word: str) -> bool:
        return word in known or bool(REFERENCE_NUMBER.fullmatch(word)) or any(p.fullmatch(word) for p in tolerated)

    # A known name goes first and whole: a login like xw-scjg_fzr must not leave "xw" behind a status-code match.
    names = sorted((w for w in known if re.search(r"[_\-]", w)), key=len, reverse=True)
    if names:
        text = re.sub(r"(?<![0-9A-Za-z_\-])(?:" + "|".join(map(re.escape, names)) + r")(?![0-9A-Za-z_\-])", " ", text)
    found = []
    for kind, regex in RAW_KEYS:
        hits = sorted(w for w in set(regex.findall(text)) if not passes(w))
        if hits:
            found.append((kind, "、".join(hits[:8])))
    for _, regex in RAW_KEYS:
        text = regex.sub(" ", text)  # a raw key is named once, under its own kind
    words = Counter(w for w in LATIN_WORD.findall(text) if not passes(w))
    if words:
        found.append(("英文", "、".join(w for w, _ in words.most_common(8))))
    return found


def proper_nouns() -> set[str]:
    """Login names and agency codes: people type them, so pages may show them."""
    from liangfa.agencies.models import Agency, User

    return set(User.objects.values_list("username", flat=True)) | set(Agency.objects.values_list("code", flat=True))


def login(context, base: str, username: str, password: str):
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def walk(context, base: str, username: str, password: str, *, cap: int = 60, shots: Path | None = None,
         names: set[str] = frozenset(), allowed: dict[str, list[str]] | None = None) -> Walk:
    """Walk as one person. `names`: proper nouns of this installation (login names, agency codes);
    `allowed` maps a path pattern (`pattern()`) to regexes of words still known there, to be fixed elsewhere
    (the kind "文件名" stands for a download's name)."""
    result = Walk(username)
    page = login(context, base, username, password)
    failures: list[tuple[str, int]] = []
    page.on("response", lambda r: r.status >= 500 and r.url.startswith(base) and failures.append((r.url, r.status)))
    queue, per_pattern = [f"{base}/"], Counter()
    came_from = {f"{base}/": ""}  # where each link was found, so a finding names the page that offered it
    while queue and len(result.pages) < cap:
        url = queue.pop(0)
        kind = pattern(url)
        if per_pattern[kind] >= SAME_PATTERN_VISITS:
            continue
        per_pattern[kind] += 1
        if DOWNLOAD.search(url):
            _download(context, url, result, (allowed or {}).get(kind, []))
            continue
        try:
            response = page.goto(url)
        except Exception as exc:  # a link that starts a download without saying so
            if "Download is starting" in str(exc):
                _download(context, url, result, (allowed or {}).get(kind, []))
            else:
                result.add(url, "打不开", str(exc).splitlines()[0])
            continue
        _settle(page)
        result.pages.append(url)
        if response and response.status >= 400:
            result.add(url, f"HTTP {response.status}", f"{page.title()}（链接见于 {came_from[url] or '首页'}）")
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"{len(result.pages):03d}{_slug(url, base)}.png"), full_page=True)
        tolerated = (allowed or {}).get(pattern(url.removeprefix(base)), [])
        for what, detail in text_findings(page.inner_text("body"), names, tolerated):
            result.add(url, what, detail)
        for link in _links(page, base):
            if link not in came_from:
                came_from[link] = url.removeprefix(base)
                queue.append(link)
    for url, status in failures:
        result.add(url, f"HTTP {status}", "页面内请求出错")
    page.close()
    return result


def _settle(page) -> None:
    """Wait for what HTMX loads after the page (a polling page is taken as it stands after 3 s)."""
    try:
        page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=3000)
    except Exception:
        pass


# a search or filter form sent as it stands is a link too (its defaults must read)
GET_FORMS = """els => els.filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'get')
    .map(f => [(f.getAttribute('action') || location.pathname) + '?' + new URLSearchParams(new FormData(f)), false])"""


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => [e.getAttribute('href'), e.hasAttribute('download')])")
    hrefs += page.eval_on_selector_all("form", GET_FORMS)
    links = []
    for href, download in hrefs:
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        url = urljoin(page.url, href).split("#")[0]
        path = urlsplit(url).path
        if not url.startswith(base) or path.startswith(SKIP_PATHS):
            continue
        links.append(url + ("#download" if download else ""))
    return links


def _download(context, url: str, result: Walk, tolerated=()) -> None:
    """A download is fetched, not shown: it must not fail, and its file name must be Chinese."""
    url = url.removesuffix("#download")
    response = context.request.get(url, timeout=120_000)
    if response.status >= 500:
        result.add(url, f"HTTP {response.status}", "下载出错")
        return
    disposition = response.headers.get("content-disposition", "")
    name = _file_name(disposition)
    result.downloads.append((url, name))
    chinese = re.search(r"[\u4e00-\u9fff]", name)
    if response.ok and "html" not in response.headers.get("content-type", "") and not chinese and "文件名" not in tolerated:
        result.add(url, "文件名", name or disposition or "（无文件名）")


def _file_name(disposition: str) -> str:
    from urllib.parse import unquote

    star = re.search(r"filename\*=(?:UTF-8'')?([^;]+)", disposition, re.I)
    if star:
        return unquote(star.group(1).strip('"'))
    plain = re.search(r'filename="?([^";]+)"?', disposition)
    return plain.group(1) if plain else ""


def _slug(url: str, base: str) -> str:
    path = url.removeprefix(base).strip("/") or "home"
    return "-" + re.sub(r"[^\w\u4e00-\u9fff]+", "_", path)[:80]


def with_query(url: str, **params) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | params
    return parts._replace(query=urlencode(query)).geturl()
