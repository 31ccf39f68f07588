#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd 1.4.6) for transport and delivery tests.

    python3 smtp_server.py --port 0 --maildir DIR [--auth USER:PASS]
        [--allow-plain-auth] [--tls-cert CERT --tls-key KEY] [--reject-rcpt ADDR]...

Prints exactly one line "PORT <n>" once listening on 127.0.0.1, then serves
until killed (SIGTERM/SIGINT).

Each accepted message is written atomically as DIR/<n>.json (n = 1, 2, ...):
    {"mail_from": ..., "rcpt_tos": [...], "data": <raw message text as
     received, after SMTP dot-unstuffing>, "auth_login": <user or null>,
     "tls": <true when STARTTLS was used>}

--auth USER:PASS     require AUTH (PLAIN/LOGIN) with these credentials; AUTH
                     is offered only after STARTTLS unless --allow-plain-auth
--tls-cert/--tls-key offer STARTTLS (without them STARTTLS is not offered)
--reject-rcpt ADDR   answer 550 to RCPT TO:<ADDR> (repeatable)
--auth-fail-reply T  a hostile server: answer a failed AUTH with the reply T
                     (e.g. "535 5.7.8 bad {plain}"), in which {plain} is the
                     AUTH PLAIN base64 the client's credentials make
                     (\\0login\\0password), {password_b64} the password's
                     base64 (AUTH LOGIN), {password} and {login} the words
"""
import argparse
import base64
import json
import os
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class PortZeroController(Controller):
    """Controller that can listen on port 0 and learn the port it got."""

    def _create_server(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.hostname, self.port))
        self.port = sock.getsockname()[1]
        return self.loop.create_server(
            self._factory_invoker, sock=sock, ssl=self.ssl_context)


class Handler:
    def __init__(self, maildir, reject):
        self.maildir = maildir
        self.reject = {a.lower() for a in reject}
        self.lock = threading.Lock()
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: recipient rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or b""
        login = session.auth_data if isinstance(session.auth_data, str) else None
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "data": raw.decode("utf-8", errors="replace"),
            "auth_login": login,
            "tls": server._tls_protocol is not None,
        }
        with self.lock:
            self.count += 1
            n = self.count
        path = os.path.join(self.maildir, "%d.json" % n)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(tmp, path)
        return "250 Message accepted for delivery"


def make_authenticator(user, password, fail_reply=None):
    def authenticator(server, session, envelope, mechanism, auth_data):
        raw_login = auth_data.login
        raw_secret = auth_data.password
        login = raw_login.decode("utf-8", errors="replace") if isinstance(raw_login, bytes) else raw_login
        secret = raw_secret.decode("utf-8", errors="replace") if isinstance(raw_secret, bytes) else raw_secret
        if login == user and secret == password:
            return AuthResult(success=True, auth_data=login)
        if fail_reply:
            lb = raw_login if isinstance(raw_login, bytes) else login.encode()
            sb = raw_secret if isinstance(raw_secret, bytes) else secret.encode()
            reply = (fail_reply
                     .replace("{plain}", base64.b64encode(b"\0" + lb + b"\0" + sb).decode())
                     .replace("{password_b64}", base64.b64encode(sb).decode())
                     .replace("{password}", secret)
                     .replace("{login}", login))
            return AuthResult(success=False, handled=False, message=reply)
        return AuthResult(success=False, handled=False)
    return authenticator


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--auth", default=None, help="USER:PASS")
    parser.add_argument("--allow-plain-auth", action="store_true")
    parser.add_argument("--tls-cert", default=None)
    parser.add_argument("--tls-key", default=None)
    parser.add_argument("--reject-rcpt", action="append", default=[])
    parser.add_argument("--auth-fail-reply", default=None)
    args = parser.parse_args()

    os.makedirs(args.maildir, exist_ok=True)
    kwargs = {"server_hostname": "tracker-test-smtp", "ready_timeout": 10}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key or args.tls_cert)
        kwargs["tls_context"] = context
    if args.auth:
        user, _, password = args.auth.partition(":")
        kwargs["authenticator"] = make_authenticator(user, password, args.auth_fail_reply)
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = not args.allow_plain_auth

    controller = PortZeroController(
        Handler(args.maildir, args.reject_rcpt),
        hostname="127.0.0.1", port=args.port, **kwargs)
    controller.start()

    done = threading.Event()

    def stop(signum, frame):
        done.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # A parent may spawn us with these signals blocked (Foundation's Process
    # inherits the spawning thread's mask): unblock them or SIGTERM is lost.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    print("PORT %d" % controller.port, flush=True)
    while not done.wait(0.5):
        pass
    controller.stop()


if __name__ == "__main__":
    import warnings
    warnings.simplefilter("ignore")
    sys.exit(main())
