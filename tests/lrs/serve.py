"""A real Learning Record Store for the xAPI browser tests (issue 17).

Starts Ralph (PyPI `ralph-malph`, installed by scripts/setup.sh into
tools/lrs) on 127.0.0.1 with its file-system backend, a port the system
picks, and two generated keys in a fresh auth file:

- the trainee's key: may only write statements (what a pack should carry);
- the reader's key: may read them back (what the test uses, never a pack).

A browser page on another origin reaches the LRS only through CORS. Ralph
sends the CORS headers itself when RALPH_RUNSERVER_CORS_ALLOW_ORIGINS names
the page's origin (it then allows Authorization, Content-Type and
X-Experience-API-Version), so no wrapper is needed: the launcher sets it.

Usage: python serve.py --origin http://127.0.0.1:PORT [--dir DATA_DIR]
When the LRS answers, one line of JSON goes to stdout:
{"endpoint": ".../xAPI/", "key": "<base64>", "read_key": "<base64>", "port": N}
It stops on SIGTERM/SIGINT or when stdin closes (the test process died).
"""

import argparse
import base64
import json
import os
import secrets
import socket
import sys
import tempfile
import threading
import time
import urllib.request


def key(user, password):
    return base64.b64encode(f"{user}:{password}".encode()).decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--origin", action="append", default=[], help="an origin allowed by CORS")
    parser.add_argument("--dir", help="where statements are kept (default: a new temporary folder)")
    args = parser.parse_args()

    data = args.dir or tempfile.mkdtemp(prefix="dojo-lrs-")
    os.makedirs(data, exist_ok=True)

    # bcrypt comes with ralph's basic auth.
    import bcrypt

    users, keys = [], {}
    for user, scopes in (("trainee", ["statements/write"]), ("reader", ["statements/read"])):
        password = secrets.token_urlsafe(16)
        keys[user] = key(user, password)
        users.append({
            "agent": {"account": {"homePage": "http://127.0.0.1", "name": user}},
            "scopes": scopes,
            "hash": bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode(),
            "username": user,
        })
    auth_file = os.path.join(data, "auth.json")
    with open(auth_file, "w", encoding="utf-8") as f:
        json.dump(users, f)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]

    # Ralph reads its settings from the environment when first imported.
    os.environ.update({
        "RALPH_APP_DIR": data,
        "RALPH_AUTH_FILE": auth_file,
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_RUNSERVER_AUTH_BACKENDS": "basic",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": data,
        "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps(args.origin),
        "RALPH_RUNSERVER_HOST": "127.0.0.1",
        # Scopes are enforced: the trainee's key cannot read anybody's statements.
        "RALPH_LRS_RESTRICT_BY_AUTHORITY": "true",
        "RALPH_LRS_RESTRICT_BY_SCOPES": "true",
        "RALPH_RUNSERVER_PORT": str(port),
    })
    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    # Ralph 5.1.0's file-system LRS writes every POST/PUT with "create", which
    # refuses once its one file exists: every statement after the first got
    # a 500. Appending is what an LRS on one file needs.
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    from ralph.api import app

    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))

    def announce():
        endpoint = f"http://127.0.0.1:{port}/xAPI/"
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__lbheartbeat__", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        print(json.dumps({"endpoint": endpoint, "key": keys["trainee"], "read_key": keys["reader"], "port": port, "dir": data}), flush=True)

    def watch_stdin():
        # The test holds our stdin open; when it goes, so do we.
        sys.stdin.read()
        server.should_exit = True

    threading.Thread(target=announce, daemon=True).start()
    threading.Thread(target=watch_stdin, daemon=True).start()
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
