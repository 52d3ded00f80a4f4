#!/usr/bin/env python3
"""A real SMTP server on loopback for the tests of `brief send` (aiosmtpd).

Usage: python3 server.py OUT_DIR [MODES]

Prints the port it listens on, then serves until its standard input is
closed. Each message received is saved as OUT_DIR/NNN.eml (the bytes as
received) with OUT_DIR/NNN.json (the envelope: MAIL FROM and RCPT TO),
numbered on from the messages already in OUT_DIR, so that a second server
on the same folder adds to the first's. Each connection (its EHLO) adds a
line to OUT_DIR/connections. Recipients whose local part starts with `refused` are
refused with 550, as a real server refuses an unknown mailbox.

MODES is a JSON object that makes the server fail on purpose, by address
(an address's count is how many times it fails before it works):

  "refuse": [ADDRESS, ...]         550 to RCPT TO, every time
  "busy_at_data": {ADDRESS: N}     421 to DATA, then the connection closed
  "drop_in_data": {ADDRESS: N}     the connection dropped as the message is
                                   written (after the 354 go-ahead)
  "slow": {ADDRESS: SECONDS}       the message is saved, then its reply
                                   comes SECONDS late
  "reply_delay": SECONDS           every message is saved, then its reply
                                   comes SECONDS late
  "stop_after": N                  after N messages the server goes away:
                                   421 to the next MAIL FROM on an open
                                   connection, and nothing listens any more
  "one_per_connection": true       421 to a second MAIL FROM on a connection
"""

import asyncio
import json
import os
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class Saver:
    def __init__(self, out, modes):
        self.out = out
        self.modes = modes
        self.count = len([n for n in os.listdir(out) if n.endswith(".eml")])
        self.accepted = 0
        self.gone = False
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].startswith("refused") or address in self.modes.get("refuse", []):
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
        delay = self.modes.get("reply_delay", 0)
        for address in envelope.rcpt_tos:
            delay = max(delay, self.modes.get("slow", {}).get(address, 0))
        if delay:
            await asyncio.sleep(delay)
        self.accepted += 1
        if self.accepted == self.modes.get("stop_after"):
            self.gone = True
            # Nothing listens any more; open connections hear 421 next.
            self.controller.server.close()
        return "250 2.0.0 Message accepted for delivery"

    def take(self, mode, envelope):
        """Whether `mode` fails this message, counting it down."""
        counts = self.modes.get(mode, {})
        for address in envelope.rcpt_tos:
            if counts.get(address, 0) > 0:
                counts[address] -= 1
                return True
        return False


class Scripted(SMTP):
    """An SMTP session that fails where the modes say."""

    def __init__(self, handler, **kwargs):
        super().__init__(handler, **kwargs)
        self.messages = 0

    async def smtp_EHLO(self, hostname):
        # Counted at EHLO: the controller's own check at start says none.
        with open(os.path.join(self.event_handler.out, "connections"), "a") as f:
            f.write("connection\n")
        await super().smtp_EHLO(hostname)

    async def smtp_MAIL(self, arg):
        saver = self.event_handler
        one = saver.modes.get("one_per_connection") and self.messages > 0
        if saver.gone or one:
            await self.push("421 4.3.2 service not available, closing the connection")
            self.transport.close()
            return
        self.messages += 1
        await super().smtp_MAIL(arg)

    async def smtp_DATA(self, arg):
        saver = self.event_handler
        if self.envelope.rcpt_tos and saver.take("busy_at_data", self.envelope):
            await self.push("421 4.7.0 too busy, try again later")
            self.transport.close()
            return
        if self.envelope.rcpt_tos and saver.take("drop_in_data", self.envelope):
            # The go-ahead and the end of the connection in one segment
            # (corked), so the connection is shut before the client can
            # write: the message it then writes is answered with a reset, as
            # by a server that fails part-way through it.
            sock = self.transport.get_extra_info("socket")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
            self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            sock.shutdown(socket.SHUT_RDWR)
            return
        await super().smtp_DATA(arg)


class Scripting(Controller):
    def factory(self):
        return Scripted(self.handler, **self.SMTP_kwargs)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    out = sys.argv[1]
    modes = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    saver = Saver(out, modes)
    for _ in range(10):
        port = free_port()
        controller = Scripting(saver, hostname="127.0.0.1", port=port)
        try:
            controller.start()
            break
        except Exception:
            continue
    else:
        sys.exit("cannot start the SMTP server")
    saver.controller = controller
    print(port, flush=True)
    sys.stdin.read()
    try:
        controller.stop()
    except Exception:
        pass


if __name__ == "__main__":
    main()
