"""The uvicorn internals mock_server/http_protocol.py relies on are still there, as it says.

The module subclasses uvicorn's httptools protocol and reads some of its attributes; an upgrade of
uvicorn that renames or drops one of them fails here, by name, before the tests over real sockets
(tests/mock/test_connection_limits.py, test_upgrade.py, test_hostile.py) fail by behaviour.
"""

from __future__ import annotations

import asyncio
import inspect

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle
from uvicorn.server import ServerState

from mock_server.app import create_app
from mock_server.http_limits import HttpLimits
from mock_server.http_protocol import GuardedHttpToolsProtocol, protocol_class

# Methods of uvicorn's class that the module overrides and calls with super().
EXTENDED = ("connection_made", "connection_lost", "data_received", "on_message_complete")
# Attributes of a connection that the module reads or sets.
ATTRIBUTES = ("parser", "transport", "cycle", "pipeline", "server_state", "timeout_keep_alive_task", "loop")


def test_the_overridden_methods_exist_with_their_signatures() -> None:
    for name in EXTENDED:
        method = getattr(HttpToolsProtocol, name)
        assert callable(method), name
    assert list(inspect.signature(HttpToolsProtocol.__init__).parameters)[:4] == [
        "self",
        "config",
        "server_state",
        "app_state",
    ]
    assert list(inspect.signature(HttpToolsProtocol.data_received).parameters) == ["self", "data"]
    # A cycle's response_complete is set in its __init__ (an instance attribute, so read the source).
    assert "self.response_complete" in inspect.getsource(RequestResponseCycle.__init__)
    assert "self.pipeline" in inspect.getsource(HttpToolsProtocol.__init__)
    # connection_closer: uvicorn's send is a bound method of the cycle, which holds the transport.
    assert "self.transport = transport" in inspect.getsource(RequestResponseCycle.__init__)
    assert inspect.isfunction(RequestResponseCycle.send)


def test_a_connection_has_the_attributes_the_module_reads() -> None:
    async def build() -> GuardedHttpToolsProtocol:
        config = uvicorn.Config(create_app(rate_limit="0"), http=protocol_class(HttpLimits()), lifespan="off")
        config.load()
        cls = config.http_protocol_class
        assert issubclass(cls, GuardedHttpToolsProtocol)
        protocol = cls(config=config, server_state=ServerState(), app_state={})
        assert isinstance(protocol, GuardedHttpToolsProtocol)
        return protocol

    protocol = asyncio.run(build())
    for name in ATTRIBUTES:
        assert hasattr(protocol, name), name
    assert protocol.cycle is None
    assert protocol.timeout_keep_alive_task is None
    assert isinstance(protocol.server_state.default_headers, list)


def test_the_keep_alive_timeout_is_uvicorns_setting() -> None:
    config = uvicorn.Config(create_app(rate_limit="0"), timeout_keep_alive=HttpLimits().keep_alive_timeout_s)
    assert config.timeout_keep_alive == HttpLimits().keep_alive_timeout_s
