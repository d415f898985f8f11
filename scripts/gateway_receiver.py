#!/usr/bin/env python3
"""A stand-in for the district's message gateway, for the tests (crates/server/tests/api/gateway.rs).

Binds 127.0.0.1 on the given port (0: any free one), prints the port on stdout, and appends each
POST it receives to a JSON-lines file as {"path", "headers", "body"}. Answers every POST with the
status given (--status 503 plays a gateway that is down); a repeated Idempotency-Key is recorded
too, so that a test sees every delivery the server attempted.

    gateway_receiver.py --record requests.jsonl [--port 0] [--status 200]
"""

import argparse
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--status", type=int, default=200)
    args = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            entry = {
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": json.loads(body) if body else None,
                "answered": args.status,
            }
            with open(args.record, "a", encoding="utf-8") as out:
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            answer = b'{"ok":true}' if args.status < 300 else b'{"ok":false}'
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
