"""The only way a report PDF loads anything: an allow-list of local files.

User text is escaped, so it cannot name a URL in markup; this is the second wall. Anything else
(file:// elsewhere, http(s)://, data:, ftp:, CSS url() to any of them) is refused before a byte
is read or a socket opened. WeasyPrint logs the refusal and leaves the image out.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]


class AllowListFetcher(URLFetcher):  # type: ignore[misc]
    """Serves exactly the listed files and files under the listed folders; refuses the rest."""

    def __init__(self, files: Iterable[Path], folders: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.files = {p.resolve() for p in files}
        self.folders = [p.resolve() for p in folders]

    def permits(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if path in self.files or any(path.is_relative_to(d) for d in self.folders):
            return path if path.is_file() else None
        return None

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = self.permits(url)
        if path is None:
            raise ValueError(f"vendorcheck reports load only bundled assets and the logo: {url}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime}
        )


def allow_only(files: Iterable[Path], folders: Iterable[Path]) -> AllowListFetcher:
    return AllowListFetcher(files, folders)
