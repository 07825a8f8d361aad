#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine: system libraries WeasyPrint needs, a CJK font,
# tmux (for the terminal test), then a virtualenv with vendorcheck and its test tools.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
# Issue 19: say what is happening; the first run takes a minute or two (pip), never a blank screen.
step() { printf 'setup [%s/3] %s\n' "$1" "$2"; }

APT_PKGS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk tmux poppler-utils)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  step 1 "system packages: installing ${missing[*]} (apt) / 安装系统软件包"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}" \
    | { grep --line-buffered -E '^(Get|Unpacking|Setting up) ' || true; }
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  step 2 "creating the virtualenv .venv / 创建虚拟环境"
  "$PY" -m venv .venv
fi
stamp=.venv/.vendorcheck-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  step 3 "Python packages: pip install -e '.[test,serve]' (about a minute the first time) / 安装 Python 依赖（首次约一分钟）"
  # pip's own output goes to the terminal: a line per package and its progress bars.
  if ! { .venv/bin/python -m pip install --upgrade pip \
      && .venv/bin/python -m pip install -e '.[test,serve]'; }; then
    echo "setup: pip install failed (see the lines above) / 依赖安装失败" >&2
    exit 1
  fi
  .venv/bin/python -c 'import vendorcheck, textual, weasyprint'
  touch "$stamp"
  echo "setup: done / 安装完成"
fi
