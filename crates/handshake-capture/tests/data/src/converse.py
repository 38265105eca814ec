#!/usr/bin/env python3
"""One small real TCP conversation on 127.0.0.1, by the kernel's own TCP (Linux), for a capture.

usage: converse.py MODE PORT

MODE:
  client-closes  client sends "hello\n", server answers "HELLO\n"; the client closes first, the
                 server closes when it reads end-of-file (client ends in TIME-WAIT)
  server-closes  the same exchange, but the server closes right after answering; the client
                 closes when it reads end-of-file (server ends in TIME-WAIT)
  rst            the same exchange, then the client aborts: SO_LINGER {on, 0 s} and close()
                 send an RST
  refused        connect() to PORT+1, where nothing listens: SYN answered by RST,ACK
  several        three connections one after the other: refused, client-closes, rst
Every step waits 100 ms so that each segment is its own (no ACK waits for a later step).
"""
import socket
import struct
import sys
import threading
import time

STEP = 0.1


def server(port, mode, ready):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(1)
    ready.set()
    conn, _ = ls.accept()
    ls.close()
    data = conn.recv(100)
    time.sleep(STEP)
    conn.sendall(data.upper())
    if mode == "server-closes":
        time.sleep(STEP)
        conn.close()
        return
    # Wait for the client's FIN (or RST), then close.
    try:
        while conn.recv(100):
            pass
    except ConnectionResetError:
        conn.close()
        return
    time.sleep(STEP)
    conn.close()


def client(port, mode):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.connect(("127.0.0.1", port))
    time.sleep(STEP)
    c.sendall(b"hello\n")
    c.recv(100)
    time.sleep(STEP)
    if mode == "server-closes":
        while c.recv(100):
            pass
        time.sleep(STEP)
        c.close()
    elif mode == "rst":
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
    else:
        c.close()


def converse(mode, port):
    if mode == "refused":
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            c.connect(("127.0.0.1", port + 1))
        except ConnectionRefusedError:
            pass
        c.close()
        return
    ready = threading.Event()
    t = threading.Thread(target=server, args=(port, mode, ready))
    t.start()
    ready.wait()
    client(port, mode)
    t.join()


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "several":
        for i, m in enumerate(["refused", "client-closes", "rst"]):
            converse(m, port + 10 * i)
            time.sleep(STEP)
    else:
        converse(mode, port)
    time.sleep(STEP)


if __name__ == "__main__":
    main()
