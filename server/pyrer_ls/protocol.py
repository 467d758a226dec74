"""pygls' LSP protocol, with the position encoding chosen by `positions.negotiate` before pygls sets up its workspace
and announces it (an initializationOptions `positionEncoding` names the unit of a client that counts columns in one it
does not announce: Vim's ALE counts UTF-8 bytes)."""

from __future__ import annotations

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol, lsp_method

from pyrer_ls import client, positions


class PyrerProtocol(LanguageServerProtocol):
    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        general = params.capabilities.general or types.GeneralClientCapabilities()
        forced = client.init_option(params.initialization_options, client.ENCODING_OPTION)
        offered = [forced] if forced in positions.SUPPORTED else general.position_encodings
        general.position_encodings = [positions.negotiate(offered)]  # pygls takes the first one it supports
        params.capabilities.general = general
        return (yield from super().lsp_initialize(params))
