"""A static host for the end-to-end tests, as Netlify and Cloudflare Pages serve a folder: files
as they are, a folder's index.html, the folder's `_redirects` rules (`from to 200`, `:name` one
path segment, read in order) for paths with no file, `404.html` with status 404 for the rest,
and the headers `_headers` gives for `/*`. Nothing else: what the export needs from a host is
what this file does.

    python3 static-host.py PORT FOLDER
"""

import http.server
import os
import sys
from functools import partial
from urllib.parse import urlsplit


def read_rules(folder):
    rules = []
    try:
        with open(os.path.join(folder, "_redirects"), encoding="utf-8") as file:
            for line in file:
                fields = line.split()
                if len(fields) == 3 and not fields[0].startswith("#") and fields[2] == "200":
                    rules.append((fields[0].split("/"), fields[1]))
    except FileNotFoundError:
        pass
    return rules


def read_headers(folder):
    headers = []
    try:
        with open(os.path.join(folder, "_headers"), encoding="utf-8") as file:
            applies = False
            for line in file:
                if not line.startswith((" ", "\t")):
                    applies = line.strip() == "/*"
                elif applies and ":" in line:
                    name, value = line.strip().split(":", 1)
                    headers.append((name.strip(), value.strip()))
    except FileNotFoundError:
        pass
    return headers


def matches(pattern, segments):
    return len(pattern) == len(segments) and all(
        (p.startswith(":") and s) or p == s for p, s in zip(pattern, segments)
    )


class Host(http.server.SimpleHTTPRequestHandler):
    # The rules and headers are read on each request: the export may be written after the host
    # starts.
    def __init__(self, *args, folder, **kwargs):
        super().__init__(*args, directory=folder, **kwargs)

    def send_head(self):
        local = self.translate_path(self.path)
        if os.path.isfile(local) or os.path.isfile(os.path.join(local, "index.html")):
            return super().send_head()
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        for pattern, target in read_rules(self.directory):
            if matches(pattern, path.split("/")):
                self.path = target
                return super().send_head()
        return self.not_found()

    def not_found(self):
        page = os.path.join(self.directory, "404.html")
        if not os.path.isfile(page):
            self.send_error(404)
            return None
        body = open(page, "rb")
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(os.fstat(body.fileno()).st_size))
        self.end_headers()
        return body

    def end_headers(self):
        for name, value in read_headers(self.directory):
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that stops reading (a page left mid-load) is no error of the host's.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    handler = partial(Host, folder=folder)
    Server(("127.0.0.1", port), handler).serve_forever()


if __name__ == "__main__":
    main()
