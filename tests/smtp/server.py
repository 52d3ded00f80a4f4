#!/usr/bin/env python3
"""A real SMTP server on loopback for the tests of `brief send` (aiosmtpd).

Usage: python3 server.py OUT_DIR

Prints the port it listens on, then serves until its standard input is
closed. Each message received is saved as OUT_DIR/NNN.eml (the bytes as
received) with OUT_DIR/NNN.json (the envelope: MAIL FROM and RCPT TO).
Recipients whose local part starts with `refused` are refused with 550,
as a real server refuses an unknown mailbox.
"""

import json
import os
import socket
import sys

from aiosmtpd.controller import Controller


class Saver:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].startswith("refused"):
            return f"550 5.1.1 <{address}>: recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.out, f"{self.count:03}")
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        data = envelope.original_content or envelope.content
        with open(base + ".eml.tmp", "wb") as f:
            f.write(data)
        # The test waits for the .eml: it appears whole.
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    out = sys.argv[1]
    for _ in range(10):
        port = free_port()
        controller = Controller(Saver(out), hostname="127.0.0.1", port=port)
        try:
            controller.start()
            break
        except Exception:
            continue
    else:
        sys.exit("cannot start the SMTP server")
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
