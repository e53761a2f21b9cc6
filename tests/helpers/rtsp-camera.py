#!/usr/bin/python3
"""A real RTSP camera for tests and benches (Debian's GStreamer RTSP server).

Mounts (each path prefix is one shared encoder, so /main/cam01 and /main/cam02
are two camera URLs and two client connections fed by the same pictures):
  /main/...   H.264 640x360
  /sub/...    H.264 320x180
  /h265/...   H.265 640x360

Every picture carries its capture time: the top sixth of the frame is two rows
of 16 black/white blocks, the wall-clock milliseconds modulo 2^32, most
significant bit first, so a page can read how far behind reality the decoded
frame is (see tests/helpers/rtspCamera.ts: readCaptureTime). Below the strip a
bar moves every frame, so a frozen picture is visible.

Prints `READY <rtsp port> <stats port>` once listening. GET http://127.0.0.1:<stats port>/
returns {"clients": n, "byPath": {"/sub/cam01": 1, ...}, "total": n since start}.
"""

import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

STREAMS = {
    "main": (640, 360, "h264"),
    "sub": (320, 180, "h264"),
    "h265": (640, 360, "h265"),
}


def strip_rows(width, height, ms):
    """The top of the frame: 2 rows x 16 blocks of bits, as GRAY8 bytes."""
    bits = ms & 0xFFFFFFFF
    strip_h = height // 6
    row_h = strip_h // 2
    out = bytearray()
    for r in range(2):
        row = bytearray()
        for c in range(16):
            bit = (bits >> (31 - (r * 16 + c))) & 1
            x0 = c * width // 16
            x1 = (c + 1) * width // 16
            row += (b"\xff" if bit else b"\x00") * (x1 - x0)
        out += bytes(row) * row_h
    # fill rounding rows with grey so the strip height is exact
    out += b"\x80" * (width * (strip_h - 2 * row_h))
    return bytes(out)


def backgrounds(width, height, count):
    """`count` frames of grey with a white bar at a different place each."""
    rest = height - height // 6
    frames = []
    bar = max(4, width // 20)
    for i in range(count):
        x = (i * (width - bar)) // max(1, count - 1)
        line = b"\x40" * x + b"\xe0" * bar + b"\x40" * (width - x - bar)
        frames.append(line * rest)
    return frames


class Mounts(GstRtspServer.RTSPMountPoints):
    """/sub/cam01 and /sub/cam01/stream=0 resolve to the /sub mount."""

    def do_make_path(self, url):
        parts = url.abspath.split("/")
        if len(parts) > 2 and parts[1] in STREAMS and not parts[2].startswith("stream="):
            del parts[2]
        return "/".join(parts)


class Factory(GstRtspServer.RTSPMediaFactory):
    def __init__(self, name, fps):
        super().__init__()
        self.name = name
        self.fps = fps
        width, height, codec = STREAMS[name]
        self.width = width
        self.height = height
        gop = fps  # a key frame every second: a new client starts within a second
        if codec == "h264":
            enc = (
                f"x264enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate=600 "
                "! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=1"
            )
        else:
            enc = (
                f"x265enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate=600 "
                "! video/x-h265,profile=main ! rtph265pay name=pay0 pt=96 config-interval=1"
            )
        self.set_launch(
            f"( appsrc name=src is-live=true format=time do-timestamp=true "
            f"caps=video/x-raw,format=GRAY8,width={width},height={height},framerate={fps}/1 "
            f"! videoconvert ! video/x-raw,format=I420 ! {enc} )"
        )
        self.set_shared(True)
        self.bg = backgrounds(width, height, fps * 2)
        self.connect("media-configure", self.on_configure)

    def do_gen_key(self, url):
        # one shared encoder per stream kind, whatever camera path follows it
        return self.name

    def on_configure(self, _factory, media):
        src = media.get_element().get_child_by_name("src")
        state = {"n": 0, "on": True}

        def push():
            if not state["on"]:
                return False
            frame = strip_rows(self.width, self.height, int(time.time() * 1000))
            frame += self.bg[state["n"] % len(self.bg)]
            state["n"] += 1
            buf = Gst.Buffer.new_wrapped(frame)
            buf.duration = Gst.SECOND // self.fps
            if src.emit("push-buffer", buf) != Gst.FlowReturn.OK:
                state["on"] = False
                return False
            return True

        def stop(*_args):
            state["on"] = False

        media.connect("unprepared", stop)
        GLib.timeout_add(max(1, 1000 // self.fps), push)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--stats-port", type=int, default=0)
    ap.add_argument("--fps", type=int, default=10)
    ap.add_argument("--user", default="")
    ap.add_argument("--password", default="")
    ap.add_argument("--auth", choices=["basic", "digest"], default="digest")
    args = ap.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    mounts = Mounts()
    server.set_mount_points(mounts)

    permissions = None
    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "user")
        if args.auth == "basic":
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        else:
            auth.add_digest(args.user, args.password, token)
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("user", "media.factory.access", True)
        permissions.add_permission_for_role("user", "media.factory.construct", True)

    for name in STREAMS:
        f = Factory(name, args.fps)
        if permissions is not None:
            f.set_permissions(permissions)
        mounts.add_factory(f"/{name}", f)

    lock = threading.Lock()
    stats = {"clients": 0, "total": 0, "byPath": {}}

    def on_client(_server, client):
        info = {"path": None}
        with lock:
            stats["clients"] += 1
            stats["total"] += 1

        def on_request(_client, ctx):
            if info["path"] is None and ctx.uri is not None:
                info["path"] = ctx.uri.abspath
                with lock:
                    stats["byPath"][info["path"]] = stats["byPath"].get(info["path"], 0) + 1

        def on_closed(_client):
            with lock:
                stats["clients"] -= 1
                if info["path"] is not None:
                    left = stats["byPath"].get(info["path"], 1) - 1
                    if left > 0:
                        stats["byPath"][info["path"]] = left
                    else:
                        stats["byPath"].pop(info["path"], None)

        client.connect("describe-request", on_request)
        client.connect("closed", on_closed)

    server.connect("client-connected", on_client)
    if server.attach(None) == 0:
        print("rtsp server could not listen", file=sys.stderr, flush=True)
        sys.exit(1)

    class Stats(BaseHTTPRequestHandler):
        def do_GET(self):
            with lock:
                body = json.dumps(stats).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", args.stats_port), Stats)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(f"READY {server.get_bound_port()} {httpd.server_address[1]}", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
