"""Starts the ralph LRS (PyPI ``ralph-malph``) for the runtime tests: ``python ralph_app.py PORT``, run by the
interpreter of ralph's own virtual environment (``.venv-lrs``), configured by the ``RALPH_*`` variables that
``lrs.Ralph`` sets (file-system backend, one Basic-auth user).

One change to ralph, and why: ralph 5.1.0's file-system LRS backend writes with the operation type ``create``,
which refuses to write to its statements file once it exists, so every POST after the first fails with 500
("already exists and overwrite is not allowed"). Its data backend supports ``append``; we make that the
default, so the LRS keeps every statement in one JSON-lines file. Nothing else is changed.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    from ralph.api import app

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
