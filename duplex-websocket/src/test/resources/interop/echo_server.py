"""An echo server on Python's `websockets`, for Duplex's client interop tests (ClientInteropTest). It agrees to
permessage-deflate (websockets' default), as the Node peer does, so the interop tests cover compression too.

Listens on 127.0.0.1 on a free port and prints "PORT <n>" once listening. Echoes every message as it came (str as
text, bytes as binary); a text "close-me:<code>:<reason>" makes it close with that code and reason instead, and a text
"count:<text>" is answered with "count=<number of code points in text>". Prints
"CLOSED <code> <reason>" when a connection ends. Accepts the sub-protocol "duplex.v1" when offered. Exits when its
standard input closes, so it never outlives the test that started it.
"""
import asyncio
import re
import sys

import websockets

CLOSE_ME = re.compile(r"^close-me:(\d+):(.*)$", re.S)


async def echo(socket, path=None):
    try:
        async for message in socket:
            if isinstance(message, str):
                close_me = CLOSE_ME.match(message)
                if close_me:
                    await socket.close(int(close_me.group(1)), close_me.group(2))
                    break
                if message.startswith("count:"):
                    await socket.send(f"count={len(message) - len('count:')}")
                    continue
            await socket.send(message)
    except websockets.ConnectionClosed:
        pass
    finally:
        await socket.wait_closed()
        print(f"CLOSED {socket.close_code} {socket.close_reason}", flush=True)


async def main():
    async with websockets.serve(echo, "127.0.0.1", 0, subprotocols=["duplex.v1"],
                                max_size=16 * 1024 * 1024) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"PORT {port}", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


asyncio.run(main())
