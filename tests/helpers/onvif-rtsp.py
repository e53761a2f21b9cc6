#!/usr/bin/python3
"""The RTSP side of the simulated ONVIF dome (tests/helpers/onvifCamera.ts).

Reads raw RGB frames of WIDTHxHEIGHT on stdin (the dome's crop at its PTZ
position, rendered by the simulator) and serves them as H.264 at /main and
/sub with Debian's GStreamer RTSP server, so the wall's live path decodes the
very picture the dome's position makes.

Usage: onvif-rtsp.py WIDTH HEIGHT FPS. Prints `READY <port>` once listening.
"""

import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    width, height, fps = (int(a) for a in sys.argv[1:4])
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service("0")
    sources = []
    lock = threading.Lock()

    def factory():
        f = GstRtspServer.RTSPMediaFactory()
        f.set_launch(
            f"( appsrc name=src is-live=true do-timestamp=true format=time "
            f"caps=video/x-raw,format=RGB,width={width},height={height},framerate={fps}/1 "
            f"! queue leaky=downstream max-size-buffers=2 ! videoconvert ! video/x-raw,format=I420 "
            f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=1500 "
            f"! video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=1 )"
        )
        f.set_shared(True)

        def on_configure(_f, media):
            src = media.get_element().get_by_name("src")
            with lock:
                sources.append(src)

            def on_unprepared(_m):
                with lock:
                    if src in sources:
                        sources.remove(src)

            media.connect("unprepared", on_unprepared)

        f.connect("media-configure", on_configure)
        return f

    mounts = server.get_mount_points()
    mounts.add_factory("/main", factory())
    mounts.add_factory("/sub", factory())
    server.attach(None)
    print(f"READY {server.get_bound_port()}", flush=True)

    loop = GLib.MainLoop()

    def reader():
        size = width * height * 3
        stdin = sys.stdin.buffer
        while True:
            data = stdin.read(size)
            if not data or len(data) < size:
                break
            with lock:
                targets = list(sources)
            for src in targets:
                src.emit("push-buffer", Gst.Buffer.new_wrapped(data))
        GLib.idle_add(loop.quit)

    threading.Thread(target=reader, daemon=True).start()
    loop.run()


if __name__ == "__main__":
    main()
