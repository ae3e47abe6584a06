"""A one-shot client of kindling_driver.py for TypeScript's synchronous actions (run with
spawnSync): sends the request on stdin to the driver's socket and prints the one reply line.

Usage: python kindling_client.py <socket> <timeout-seconds>
"""
import socket
import sys

path, timeout = sys.argv[1], float(sys.argv[2])
request = sys.stdin.buffer.read()
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
    s.settimeout(timeout)
    s.connect(path)
    s.sendall(request if request.endswith(b"\n") else request + b"\n")
    chunks = []
    while True:
        b = s.recv(1 << 16)
        if not b:
            break
        chunks.append(b)
        if b.endswith(b"\n"):
            break
sys.stdout.buffer.write(b"".join(chunks))
