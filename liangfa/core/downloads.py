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


def stored_file(request, field_file, *, owner_agency_id=None, name: str = ""):
    """The uploaded or generated file as a download; when it is gone from the disk (a restore without
    the files, a disk fault), a page that says 文件缺失, a log line and an audit row — never a 500. `name` is
    the file name the official sees (涉嫌犯罪案件移送书-焦市监罚〔2026〕901号.docx, or the name it was uploaded with)."""
    import logging

    from django.http import FileResponse
    from django.shortcuts import render

    from liangfa.core.audit import record_audit

    name = name or field_file.name.rsplit("/", 1)[-1]
    try:
        return FileResponse(field_file.open("rb"), as_attachment=True, filename=name)
    except (FileNotFoundError, ValueError):
        logging.getLogger(__name__).error("stored file missing: %s", field_file.name)
        record_audit("file.missing", actor=request.user, object_type="file", object_id=field_file.name[:64],
                     object_repr=name[:300], owner_agency_id=owner_agency_id, reason="下载时发现文件缺失")
        return render(request, "404.html", {"message": f"文件缺失：{name}。已记录并报告管理员，请联系管理员从备份恢复。"},
                      status=404)
