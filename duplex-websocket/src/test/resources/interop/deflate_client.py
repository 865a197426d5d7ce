# Python's websockets as a client of Duplex's listener, for PythonClientInteropTest: connects to the URL in argv[1]
# (it offers permessage-deflate by default), prints the extensions the server agreed, sends three large compressible
# text messages and a binary one, checks each echo, closes with 1000 and prints "OK". Any failure exits non-zero.
import asyncio
import sys

import websockets


async def main(url):
    async with websockets.connect(url, max_size=8 * 1024 * 1024) as ws:
        print("EXTENSIONS " + (ws.response_headers.get("Sec-WebSocket-Extensions") or ""), flush=True)
        for i in range(3):
            text = "compress me, python " * 10000 + str(i)
            await ws.send(text)
            echoed = await asyncio.wait_for(ws.recv(), 10)
            if echoed != text:
                print("MISMATCH text " + str(i), flush=True)
                sys.exit(2)
        data = bytes(range(256)) * 1000
        await ws.send(data)
        echoed = await asyncio.wait_for(ws.recv(), 10)
        if echoed != data:
            print("MISMATCH binary", flush=True)
            sys.exit(2)
        await ws.close(1000, "done")
    print("OK", flush=True)


asyncio.run(main(sys.argv[1]))
