#!/usr/bin/env bash
# Runs the PyPI `ocpp` interop check against a Busbar already serving on this machine.
# Usage: [BUSBAR_API_KEY=key] scripts/interop/run.sh [--url ws://127.0.0.1:9000/ocpp] [--api http://127.0.0.1:8080] [...]
# BUSBAR_API_KEY is needed when the server has API keys (`busbar keys add --role operator`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
if ! "$python" -c 'import ocpp, websockets' 2>/dev/null; then
    "$python" -m pip install --quiet 'ocpp==2.1.0' 'websockets>=14'
fi
exec "$python" "$here/python_station.py" "$@"
