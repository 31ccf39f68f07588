#!/usr/bin/env bash
# Sets up the Python environment used by the tests:
#   REPO/.venv with aiosmtpd==1.4.6 (SMTP server for the transport tests),
#   icalendar==7.3.0 (parses the `tracker calendar` feed) and
#   html5lib==1.1 (parses the HTML report).
# Idempotent; prints nothing when everything is already in place.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.venv"
py="$venv/bin/python3"

if [ ! -x "$py" ]; then
    echo "test-env: creating $venv" >&2
    python3 -m venv "$venv"
fi

if ! "$py" -c 'import aiosmtpd, sys; sys.exit(0 if aiosmtpd.__version__ == "1.4.6" else 1)' >/dev/null 2>&1; then
    echo "test-env: installing aiosmtpd==1.4.6 into $venv" >&2
    "$py" -m pip install --quiet --disable-pip-version-check "aiosmtpd==1.4.6" >&2
fi

if ! "$py" -c 'import icalendar, sys; sys.exit(0 if icalendar.__version__ == "7.3.0" else 1)' >/dev/null 2>&1; then
    echo "test-env: installing icalendar==7.3.0 into $venv" >&2
    "$py" -m pip install --quiet --disable-pip-version-check "icalendar==7.3.0" >&2
fi

if ! "$py" -c 'import html5lib, sys; sys.exit(0 if html5lib.__version__ == "1.1" else 1)' >/dev/null 2>&1; then
    echo "test-env: installing html5lib==1.1 into $venv" >&2
    "$py" -m pip install --quiet --disable-pip-version-check "html5lib==1.1" >&2
fi
