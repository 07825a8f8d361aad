"""`vendorcheck serve`: Datasette on the archive, loopback only, read-only, canned queries."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CLI

BLOCK_DATASETTE = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "datasette":
            raise ImportError("No module named 'datasette'")
sys.meta_path.insert(0, Block())
sys.argv = ["vendorcheck", *sys.argv[1:]]
from vendorcheck.cli import main
main()
"""


def test_without_datasette_one_line_tells_how_to_install(db_path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "VENDORCHECK_LANG": "en"}
    r = subprocess.run(
        [sys.executable, "-c", BLOCK_DATASETTE, "--db", str(db_path), "serve"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip().splitlines() == [
        "vendorcheck: serve: Datasette is not installed; run: pip install 'vendorcheck[serve]'"
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def test_serve_answers_canned_queries_and_refuses_writes(
    demo_db: Path, run_cli: CLI, tmp_path: Path
) -> None:
    pytest.importorskip("datasette", reason="the optional extra vendorcheck[serve] is absent")
    port = _free_port()
    env = {**os.environ, "VENDORCHECK_LANG": "en"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "vendorcheck", "--db", str(demo_db), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/{demo_db.stem}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = _get(f"http://127.0.0.1:{port}/-/versions.json")
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "datasette did not answer"
            time.sleep(0.2)

        status, rows = _get(f"{base}/latest_verdicts.json?_shape=array")
        assert status == 200 and isinstance(rows, list)
        verdicts = {r["vendor"]: r["verdict"] for r in rows}
        assert verdicts["速达电商服务工作室"] == "reject"
        assert verdicts["杭州云帆客服外包有限公司"] == "recommended"
        assert all(len(r["hash"]) == 64 for r in rows)

        status, flags = _get(f"{base}/red_flags_by_vendor.json?_shape=array")
        assert status == 200 and isinstance(flags, list)
        assert {f["vendor"] for f in flags} == {"速达电商服务工作室"} and len(
            flags
        ) == 4  # issue 15: + the liability waiver
        assert any("贷款" in f["prompt_zh"] for f in flags)

        status, due = _get(f"{base}/due_for_reassessment.json?_shape=array")
        assert status == 200 and due == []  # the demo was just signed off

        status, meta = _get(f"http://127.0.0.1:{port}/-/metadata.json")
        tables = meta["databases"][demo_db.stem]["tables"]  # type: ignore[index]
        assert tables["vendors"]["title"] == "服务商 · Vendors"
        assert "Unified social credit code" in tables["vendors"]["columns"]["credit_code"]

        before = run_cli("vendor", "list", "--format", "json").stdout
        status, err = _get(f"{base}.json?sql=DELETE+FROM+vendors")
        assert status == 400 and "must be a SELECT" in err["error"]  # type: ignore[index]
        assert run_cli("vendor", "list", "--format", "json").stdout == before

        # not --immutable: what the app writes while the server runs shows up at once (WAL)
        assert run_cli("vendor", "add", "新来的服务商").returncode == 0
        status, names = _get(f"{base}.json?sql=SELECT+name+FROM+vendors&_shape=array")
        assert {"name": "新来的服务商"} in names  # type: ignore[operator]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode is not None
