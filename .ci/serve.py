#!/usr/bin/env python3
"""A static file server for dist/ on 127.0.0.1 with the right MIME type for .wasm."""
import argparse
import functools
import http.server

parser = argparse.ArgumentParser()
parser.add_argument("--dir", default="dist")
parser.add_argument("--port", type=int, default=8080)
args = parser.parse_args()


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml",
    }

    def log_message(self, *a):
        pass


server = http.server.ThreadingHTTPServer(
    ("127.0.0.1", args.port), functools.partial(Handler, directory=args.dir)
)
print(f"投诉台已启动：http://127.0.0.1:{args.port}/  （Ctrl+C 停止）", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
