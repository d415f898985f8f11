#!/usr/bin/env python3
"""A stand-in for the district's message gateway and the city's case system, for the tests
(crates/server/tests/api/gateway.rs, case_forwarding.rs).

Binds 127.0.0.1 on the given port (0: any free one), prints the port on stdout, and appends each
POST it receives to a JSON-lines file as {"path", "headers", "body"} (a form body as an object of
its fields). Answers every POST with the status given (--status 503 plays a gateway that is
down); a repeated Idempotency-Key is recorded too, so that a test sees every delivery the server
attempted. A 2xx answer's body is --answer, where `{n}` is replaced by the count of POSTs to that
path so far (a case system numbering its cases), or {"ok":true}.

    gateway_receiver.py --record requests.jsonl [--port 0] [--status 200] [--answer TEXT]
"""

import argparse
import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--status", type=int, default=200)
    parser.add_argument("--answer", default='{"ok":true}')
    args = parser.parse_args()
    posts_per_path = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                parsed = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
            else:
                parsed = json.loads(body) if body else None
            entry = {
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": parsed,
                "answered": args.status,
            }
            with open(args.record, "a", encoding="utf-8") as out:
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            posts_per_path[self.path] = posts_per_path.get(self.path, 0) + 1
            numbered = args.answer.replace("{n}", str(posts_per_path[self.path]))
            answer = numbered.encode("utf-8") if args.status < 300 else b'{"ok":false}'
            self.send_response(args.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_):
            pass

    server = HTTPServer(("127.0.0.1", args.port), Handler)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
