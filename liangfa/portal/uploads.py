"""Files people attach to a request: checked by size, extension and content, stored outside the web root
(PORTAL_UPLOAD_ROOT) under a random name, read back only through the back office."""

import secrets
from pathlib import Path

from django.conf import settings

from liangfa.core.errors import DomainError

# Extension → the bytes such a file starts with (a renamed executable is refused).
SIGNATURES = {".pdf": (b"%PDF-",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
              ".png": (b"\x89PNG\r\n\x1a\n",), ".docx": (b"PK\x03\x04",)}


def check(upload) -> None:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SIGNATURES:
        raise DomainError(f"附件“{upload.name}”的格式不支持：只接受 {'、'.join(s[1:].upper() for s in SIGNATURES)}")
    if upload.size > settings.PORTAL_UPLOAD_MAX_BYTES:
        raise DomainError(f"附件“{upload.name}”超过 {settings.PORTAL_UPLOAD_MAX_BYTES // (1024 * 1024)} MB")
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[suffix]):
        raise DomainError(f"附件“{upload.name}”的内容与扩展名 {suffix} 不符")


def store(upload) -> tuple[str, str]:
    """(relative path, original name) of a checked upload."""
    check(upload)
    relative = f"{secrets.token_hex(16)}{Path(upload.name).suffix.lower()}"
    root = Path(settings.PORTAL_UPLOAD_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / relative, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return relative, Path(upload.name).name[:200]


def path_of(relative: str) -> Path:
    root = Path(settings.PORTAL_UPLOAD_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise DomainError("附件路径无效")
    return path
