"""The query worker's side of network isolation: a network namespace with loopback only, and the doors to allowed hosts.

A worker calls ``enter(allowed, egress)`` before it reads its first request (one started
alone, before it loads anything; one forked from the fork server, right after the fork):

1. ``unshare`` moves it into new network and mount namespaces (inside a user namespace
   when it is not root). The new network namespace has one interface, ``lo``, which the
   worker brings up; no route leads anywhere else, so a connection to any host outside
   fails without a packet leaving, whatever the query says.
2. For each allowed ``host:port`` (``--allow-service``; a bare host means ports 80 and
   443) it binds a listening socket *inside* that namespace: on the host's own address
   when it is a loopback address, else on an address of its own in 127.77.0.0/16, which a
   private ``/etc/hosts`` (bind-mounted in the worker's mount namespace, with
   ``/etc/nsswitch.conf`` reading only that file for host names) gives to the host name.
3. It sends those listening sockets, with the destination each one stands for, to the
   server over a Unix socket pair (``SCM_RIGHTS``). The server accepts on them and
   connects each accepted connection to that destination and no other (``egress.py``).

So the engine's own HTTP client, calling ``http://allowed.host/sparql``, resolves the name
to the worker's door, connects to it, and the server carries the bytes (TLS included, end
to end) to the allowed host. A connection to any other host or port finds no door and no
route. If step 1 fails (user namespaces blocked, as under Docker's default seccomp
profile) the worker reports why, and the server refuses every query that mentions SERVICE.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import struct
import tempfile

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
DOOR_NETWORK = "127.77."


def destinations(allowed: frozenset[str] | set[str] | list[str]) -> list[tuple[str, int]]:
    """The (host, port) pairs an allow-list admits: ``host:port`` as given, a bare ``host`` at 80 and 443.

    >>> destinations({"query.wikidata.org", "127.0.0.1:7878"})
    [('127.0.0.1', 7878), ('query.wikidata.org', 80), ('query.wikidata.org', 443)]
    """
    out = set()
    for entry in allowed:
        host, sep, port = entry.rpartition(":")
        if sep and port.isdigit() and host:
            out.add((host.lower(), int(port)))
        else:
            out.update({(entry.lower(), 80), (entry.lower(), 443)})
    return sorted(out)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def _unshare(libc) -> str:
    """Enter new network and mount namespaces; the isolation's name, or raise OSError."""
    import ctypes

    if libc.unshare(CLONE_NEWNET | CLONE_NEWNS) == 0:
        return "netns"
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare: {os.strerror(err)}")
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid} {gid} 1")
    return "netns (user namespace)"


def _loopback_up() -> None:
    import fcntl

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifr = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(s, SIOCGIFFLAGS, ifr))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | IFF_UP, b""))


def _private_hosts(libc, names: dict[str, str]) -> None:
    """Bind-mount an /etc/hosts naming only the doors, and an nsswitch.conf that reads only it."""
    import ctypes

    if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount: {os.strerror(err)}")
    folder = tempfile.mkdtemp(prefix=".wco-kg-sandbox-")
    hosts = os.path.join(folder, "hosts")
    with open(hosts, "w") as f:
        f.write("".join(f"{ip} {name}\n" for name, ip in names.items()))
    files = [(hosts, "/etc/hosts")]
    if os.path.exists("/etc/nsswitch.conf"):
        nss = os.path.join(folder, "nsswitch.conf")
        with open("/etc/nsswitch.conf") as src, open(nss, "w") as f:
            lines = [ln for ln in src.read().splitlines() if not ln.strip().startswith("hosts:")]
            f.write("\n".join(lines + ["hosts: files"]) + "\n")
        files.append((nss, "/etc/nsswitch.conf"))
    try:
        for source, target in files:
            if libc.mount(source.encode(), target.encode(), None, MS_BIND, None) != 0:
                err = ctypes.get_errno()
                raise OSError(err, f"mount {target}: {os.strerror(err)}")
    finally:  # the mounts keep the files; the folder is not left behind
        for source, _ in files:
            os.unlink(source)
        os.rmdir(folder)


def enter(allowed: list[str], egress_fd: int | None) -> str:
    """Isolate this process (see module doc); returns a one-line description, ``unavailable: …`` on failure.

    ``WCO_KG_SANDBOX=off`` in the environment makes it fail as if namespaces were blocked:
    how the tests (and an operator) check that the server then fails closed.
    """
    if os.environ.get("WCO_KG_SANDBOX") == "off":
        return "unavailable: turned off by WCO_KG_SANDBOX=off"
    import ctypes  # (here: the server imports this module for ``destinations`` and never enters)

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        name = _unshare(libc)
    except (OSError, AttributeError) as e:
        return f"unavailable: {e.strerror if isinstance(e, OSError) and e.strerror else e}"
    for key in [k for k in os.environ if k.lower() in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")]:
        del os.environ[key]
    dests = destinations(allowed)
    if not dests or egress_fd is None:
        return name
    try:
        _loopback_up()
    except OSError as e:
        return f"{name}; no door to the allowed hosts: loopback: {e.strerror}"
    names: dict[str, str] = {}
    doors: list[tuple[str, int, str, int]] = []
    for host, port in dests:
        if is_loopback(host):
            ip = host
        elif is_address(host):
            continue  # refused at start-up (config); never reachable from here
        else:
            ip = names.setdefault(host, f"{DOOR_NETWORK}{len(names) // 250}.{len(names) % 250 + 1}")
        doors.append((ip, port, host, port))
    note = ""
    if names:
        try:
            _private_hosts(libc, names)
        except OSError as e:
            note = f"; allowed host names unreachable ({e.strerror})"
    socks, described = [], []
    for ip, port, host, hport in doors:
        family = socket.AF_INET6 if ":" in ip else socket.AF_INET
        s = socket.socket(family, socket.SOCK_STREAM)
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((ip, port))
            s.listen(64)
        except OSError as e:
            s.close()
            note += f"; no door for {host}:{hport} ({e.strerror})"
            continue
        socks.append(s)
        described.append([host, hport])
    chan = socket.socket(fileno=egress_fd)
    chan.setblocking(True)
    socket.send_fds(chan, [json.dumps(described).encode()], [s.fileno() for s in socks])
    for s in socks:
        s.close()  # the server holds them now; this process never accepts
    chan.detach()
    return f"{name}, SERVICE through the egress proxy to {len(described)} door(s){note}"
