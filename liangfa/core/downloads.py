"""Files officials download: the response with a Chinese file name every browser keeps."""

from urllib.parse import quote

from django.http import HttpResponse

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def download(data: bytes, filename: str) -> HttpResponse:
    """`filename` ends with .xlsx or .docx; RFC 5987 encoding keeps its Chinese."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
